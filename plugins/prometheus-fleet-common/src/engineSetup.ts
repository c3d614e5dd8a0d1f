import { ANNOTATION_REMOTE_WRITE_URL, ANNOTATION_TENANT } from './annotations';
import { ENGINE_TRAITS, FleetEngine } from './engines';
import { problem } from './readClusterEntity';
import { FleetCluster, ProblemCode } from './types';

/*
 * What the engine of a global changes beyond the tenant header: the edges
 * of a global whose engine is not settled, and what to configure on an
 * engine that is not a Prometheus instead of installing values.
 */

/** A global's problems that leave its engine, and so its edges' tenant header, unsettled. */
const ENGINE_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'invalid-engine',
  'engine-mismatch',
]);

/** True when a global's engine is in question: its edges' values wait for it. */
export function hasEngineProblems(global: FleetCluster): boolean {
  return global.problems.some(p => ENGINE_PROBLEMS.has(p.code));
}

/**
 * Adds `global-not-ready` to the edges of a global whose engine is in
 * question, unless they already have it for the global's write path.
 */
export function flagEdgesOfUnsettledEngines(clusters: FleetCluster[]) {
  const byRef = new Map(clusters.map(c => [c.ref, c]));
  for (const edge of clusters) {
    if (edge.role !== 'edge' || !edge.global) continue;
    if (edge.problems.some(p => p.code === 'global-not-ready')) continue;
    const global = byRef.get(edge.global);
    if (global && hasEngineProblems(global)) {
      edge.problems.push(
        problem(
          'global-not-ready',
          `Its global ${global.ref} has no settled engine, which decides the tenant header this edge writes with; fix the global's problems first.`,
        ),
      );
    }
  }
}

/** The tenant sentence of an engine with tenants. */
function tenantSentence(engine: FleetEngine): string {
  const { tenantHeader, defaultTenant, tenantLabel } = ENGINE_TRAITS[engine];
  return `Each edge sends its tenant (${ANNOTATION_TENANT}, else ${defaultTenant}) as ${tenantHeader}${
    engine === 'thanos'
      ? `, which Receive stores in the ${tenantLabel} label`
      : ''
  }:`;
}

/** What to configure on each engine that is not a Prometheus, after the write URL. */
const ENGINE_STEPS: Record<Exclude<FleetEngine, 'prometheus'>, string[]> = {
  mimir: [
    `${tenantSentence(
      'mimir',
    )} keep multi-tenancy on (-auth.multitenancy-enabled, the default), or every edge lands in anonymous.`,
    'Name its query path (/prometheus) as a query endpoint with engine: mimir in app-config, and set -tenant-federation.enabled=true to poll several tenants in one query.',
    "Alerting rules come only with a Prometheus global's values: load your own into the Mimir ruler.",
  ],
  cortex: [
    `${tenantSentence(
      'cortex',
    )} keep -auth.enabled on (the default), or every edge lands in one tenant.`,
    'Name its query path (/prometheus) as a query endpoint with engine: cortex in app-config, and set -tenant-federation.enabled=true to poll several tenants in one query.',
    "Alerting rules come only with a Prometheus global's values: load your own into the Cortex ruler.",
  ],
  thanos: [
    `${tenantSentence(
      'thanos',
    )} keep --receive.tenant-header, --receive.tenant-label-name and --receive.default-tenant-id at their defaults.`,
    'Put Thanos Query in front of the receivers and name it as a query endpoint with engine: thanos in app-config.',
    "Alerting rules come only with a Prometheus global's values: load your own into Thanos Ruler.",
  ],
  victoriametrics: [
    `It has no tenants: an edge's ${ANNOTATION_TENANT} travels as X-Scope-OrgID, which it ignores (a VictoriaMetrics cluster takes the tenant in the URL instead, /insert/<accountID>/prometheus/api/v1/write).`,
    "Set -retentionPeriod to how long the fleet's series are kept, and name the server as a query endpoint with engine: victoriametrics in app-config.",
    "Alerting rules come only with a Prometheus global's values: load your own into vmalert.",
  ],
};

/**
 * What to configure on a global's engine instead of installing values, in
 * sentences; a Prometheus global installs its values instead.
 */
export function engineOnboarding(
  global: FleetCluster,
  engine: Exclude<FleetEngine, 'prometheus'>,
): string[] {
  const name = ENGINE_TRAITS[engine].name;
  return [
    `${name} receives the edges' remote write itself: there is no kube-prometheus-stack to install on this global.`,
    `Its edges write to ${
      global.remoteWriteUrl ?? 'nothing yet'
    } (${ANNOTATION_REMOTE_WRITE_URL}); ${name} takes remote write on ${
      ENGINE_TRAITS[engine].writePath
    }.`,
    ...ENGINE_STEPS[engine],
  ];
}
