import {
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_TENANT,
  classifyEdgeHealth,
  ClassifyOptions,
  EdgeOnboarding,
  edgeSamplesFor,
  expectedRemoteWrite,
  findOrphanClusters,
  findRemoteWriteDrift,
  Fleet,
  FleetCluster,
  hasBlockingProblems,
  HealthThresholds,
  indexFleet,
  ObservedProblem,
  QueueConfig,
  QueueHealth,
  unknownHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { EdgeHealthRecord } from '../store/types';
import { describeFailures, EndpointPoll } from './pollEndpoint';
import { pollKey } from './tenantPolls';
import {
  inOtherTenant,
  misroutedTo,
  PolledGlobal,
  polledGlobals,
} from './whereEdgeWrites';

export interface FleetAssessment {
  healths: EdgeHealthRecord[];
  problems: ObservedProblem[];
}

export interface AssessOptions {
  now: Date;
  thresholds: HealthThresholds;
  queueConfig?: QueueConfig;
  /**
   * Each edge's onboarding, by ref: an edge its global never heard from is
   * `pending` within its grace period. Without it, such an edge is `silent`.
   */
  onboarding?: ReadonlyMap<string, EdgeOnboarding>;
  /**
   * The tenant an edge's series are in at its global's endpoint, when that
   * endpoint is read per tenant or federated; none otherwise.
   */
  tenantOf?: (edge: FleetCluster, global: FleetCluster) => string | undefined;
}

/** The tenants of an edge that writes into another tenant than its own. */
type WrongTenant = ClassifyOptions['wrongTenant'];

/** Why an edge's global cannot be polled, and what to do about it. */
function notConfigured(edge: FleetCluster, global?: FleetCluster): string {
  if (!global) {
    const codes = edge.problems.map(p => p.code).join(', ');
    return `global not configured: the edge has no global to poll its queues from; fix its fleet problems${
      codes ? ` (${codes})` : ''
    }.`;
  }
  const endpointProblem = global.problems.find(
    p =>
      p.code === 'missing-query-endpoint' ||
      p.code === 'unknown-query-endpoint',
  );
  return `global not configured: ${
    endpointProblem
      ? `${global.ref}: ${endpointProblem.message}`
      : `${global.ref} names no usable query endpoint; set ${ANNOTATION_QUERY_ENDPOINT} to one of prometheusFleet.queryEndpoints.`
  }`;
}

/**
 * The edge's health from the poll of the global it is read from: its own, or
 * the one its series arrive at instead (`receiving`).
 */
function edgeHealth(
  edge: FleetCluster,
  global: FleetCluster | undefined,
  poll: EndpointPoll | undefined,
  options: AssessOptions,
  elsewhere: { receiving?: PolledGlobal; wrongTenant?: WrongTenant } = {},
): QueueHealth {
  const { receiving, wrongTenant } = elsewhere;
  if (!global?.queryEndpoint || !poll) {
    return unknownHealth(
      { code: 'global-not-configured', message: notConfigured(edge, global) },
      options.now,
    );
  }
  if (!poll.observation) {
    return unknownHealth(
      {
        code: 'global-unreachable',
        message: `global ${global.ref} not reachable: query endpoint "${
          poll.endpoint
        }" failed (${describeFailures(poll.failures)}); the next poll retries.`,
      },
      options.now,
    );
  }
  if (
    hasBlockingProblems(edge) &&
    !poll.observation.edges.has(edge.clusterLabel)
  ) {
    // No values exist for it yet, so its silence says nothing about its queues.
    return unknownHealth(
      {
        code: 'not-onboarded',
        message: `not onboarded: no values can be generated for this edge until its fleet problems are fixed (${edge.problems
          .filter(p => p.severity === 'error')
          .map(p => p.code)
          .join(', ')}).`,
      },
      options.now,
    );
  }
  const health = classifyEdgeHealth(
    edgeSamplesFor(poll.observation, edge.clusterLabel),
    {
      now: options.now,
      thresholds: options.thresholds,
      seriesBudget: edge.seriesBudget,
      onboarding: options.onboarding?.get(edge.ref),
      ...(receiving
        ? {
            // Whatever it runs writes elsewhere: every queue it has is judged.
            misrouted: {
              ownGlobal: global.ref,
              receivingGlobal: receiving.global.ref,
            },
          }
        : {
            remoteName: expectedRemoteWrite(edge, global)?.remoteName,
            wrongTenant,
          }),
    },
  );
  if (poll.failures.length) {
    health.reasons.push({
      code: 'query-failed',
      message: `query endpoint "${poll.endpoint}": ${describeFailures(
        poll.failures,
      )}`,
    });
  }
  return health;
}

function driftProblems(
  edge: FleetCluster,
  global: FleetCluster,
  poll: EndpointPoll,
  options: AssessOptions,
): ObservedProblem[] {
  const expected = expectedRemoteWrite(edge, global, options.queueConfig);
  const samples = poll.observation?.edges.get(edge.clusterLabel);
  if (!expected || !samples) return [];
  return findRemoteWriteDrift(samples.queues, expected).map(drift => ({
    ref: edge.ref,
    code: 'remote-write-drift',
    message: drift.message,
    severity: 'warning',
  }));
}

function misroutedProblem(
  edge: FleetCluster,
  global: FleetCluster,
  receiving: PolledGlobal,
): ObservedProblem {
  const writeUrl = global.remoteWriteUrl
    ? `, which write to ${global.remoteWriteUrl}`
    : '';
  return {
    ref: edge.ref,
    code: 'misrouted-edge',
    message: `Series labelled cluster="${edge.clusterLabel}" arrive at global ${receiving.global.ref}, while the catalog assigns this edge to global ${global.ref}, which receives none: deploy the edge's generated values${writeUrl}, or set its global in the catalog to the one it writes to.`,
    severity: 'warning',
  };
}

/**
 * The cluster labels a poll may hold from the catalog: every edge's, but at
 * an endpoint read by tenant, its edges' only where their tenant is the
 * poll's: the same label in two tenants is two senders.
 */
function declaredAt(
  fleet: Fleet,
  poll: EndpointPoll,
  options: AssessOptions,
  clusters: ReadonlyMap<string, FleetCluster>,
): Set<string> {
  const declared = new Set<string>();
  for (const cluster of fleet.clusters) {
    const global =
      cluster.role === 'edge' && cluster.global
        ? clusters.get(cluster.global)
        : undefined;
    const sameEndpoint =
      poll.tenant !== undefined && global?.queryEndpoint === poll.endpoint;
    if (!sameEndpoint || options.tenantOf?.(cluster, global!) === poll.tenant) {
      declared.add(cluster.clusterLabel);
    }
  }
  return declared;
}

function tenantMismatchProblem(
  edge: FleetCluster,
  tenant: string | undefined,
  receiving: PolledGlobal,
): ObservedProblem {
  return {
    ref: edge.ref,
    code: 'tenant-mismatch',
    message: `Series labelled cluster="${edge.clusterLabel}" arrive at ${receiving.global.ref} in tenant "${receiving.poll.tenant}", while its values send them as tenant "${tenant}", which holds none: deploy the edge's generated values, or set its ${ANNOTATION_TENANT} to the tenant it writes as.`,
    severity: 'warning',
  };
}

/**
 * Turns a cycle's endpoint polls into every edge's health, and the problems
 * seen at the globals: drift of an edge's running remote write from its
 * generated values, an edge whose series arrive at another global than its
 * own (its health then read there), and cluster labels no catalog cluster
 * declares. The fleet
 * is the whole fleet (the plugin's own credentials); catalog values only pick
 * results apart, they never enter a query.
 */
export function assessFleet(
  fleet: Fleet,
  polls: ReadonlyMap<string, EndpointPoll>,
  options: AssessOptions,
): FleetAssessment {
  const clusters = indexFleet(fleet);
  const globals = polledGlobals(fleet.clusters, polls);
  const healths: EdgeHealthRecord[] = [];
  const problems: ObservedProblem[] = [];
  const declared = new Map<EndpointPoll, Set<string>>(
    globals.map(({ poll }) => [
      poll,
      declaredAt(fleet, poll, options, clusters),
    ]),
  );
  const declaredIn = (poll: EndpointPoll) =>
    declared.get(poll) ?? new Set<string>();
  /** Labels each tenant poll holds from edges of another tenant, by poll. */
  const strays = new Map<EndpointPoll, Set<string>>();

  for (const edge of fleet.clusters) {
    if (edge.role !== 'edge') continue;
    const global = edge.global ? clusters.get(edge.global) : undefined;
    const tenant = global ? options.tenantOf?.(edge, global) : undefined;
    const poll = global?.queryEndpoint
      ? polls.get(pollKey(global.queryEndpoint, tenant))
      : undefined;
    const receiving =
      global && poll ? misroutedTo(edge, poll, globals) : undefined;
    const otherTenant =
      global && poll && !receiving
        ? inOtherTenant(edge, poll, globals, declaredIn)
        : undefined;
    if (otherTenant) {
      const labels = strays.get(otherTenant.poll) ?? new Set<string>();
      labels.add(edge.clusterLabel);
      strays.set(otherTenant.poll, labels);
    }
    healths.push({
      ref: edge.ref,
      health: edgeHealth(
        edge,
        global,
        receiving?.poll ?? otherTenant?.poll ?? poll,
        options,
        {
          receiving,
          wrongTenant:
            otherTenant && tenant !== undefined
              ? {
                  ownTenant: tenant,
                  receivingTenant: otherTenant.poll.tenant!,
                }
              : undefined,
        },
      ),
    });
    if (global && receiving) {
      problems.push(misroutedProblem(edge, global, receiving));
    } else if (global && otherTenant) {
      problems.push(tenantMismatchProblem(edge, tenant, otherTenant));
    } else if (global && poll) {
      problems.push(...driftProblems(edge, global, poll, options));
    }
  }

  for (const { global, poll } of globals) {
    const expected = new Set([
      ...declaredIn(poll),
      ...(strays.get(poll) ?? []),
    ]);
    for (const orphan of findOrphanClusters(
      poll.observation,
      expected,
      poll.tenant,
    )) {
      problems.push({
        ref: global.ref,
        code: 'orphan-cluster',
        message: orphan.message,
        severity: 'warning',
      });
    }
  }

  return { healths, problems };
}
