import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ANNOTATION_CLUSTER_LABEL, ANNOTATION_GLOBAL } from './annotations';
import { edgeTenant, ENGINE_TRAITS } from './engines';
import { annotation, Candidate, problem } from './readClusterEntity';
import { FleetCluster, ProblemCode } from './types';
import { quoteForMessage } from './validation';

/*
 * Linking the candidates read from each entity into a fleet: each edge to
 * its global, and the problems only the fleet as a whole shows (duplicate
 * cluster labels, edges of a global that cannot be written to).
 */

function parseResourceRef(value: string, namespace: string): string {
  return stringifyEntityRef(
    parseEntityRef(value, {
      defaultKind: 'resource',
      defaultNamespace: namespace,
    }),
  );
}

function dependsOnRefs(entity: Entity): string[] {
  const dependsOn = entity.spec?.dependsOn;
  if (!Array.isArray(dependsOn)) {
    return [];
  }
  const refs: string[] = [];
  for (const value of dependsOn) {
    if (typeof value !== 'string') continue;
    try {
      refs.push(
        parseResourceRef(value, entity.metadata.namespace ?? 'default'),
      );
    } catch {
      // dependsOn is the catalog's own relation: its validation reports bad refs.
    }
  }
  return refs;
}

function resolveGlobal(
  { entity, cluster }: Candidate,
  byRef: Map<string, FleetCluster>,
  knownRefs: Set<string>,
  globals: FleetCluster[],
) {
  const explicit = annotation(entity, ANNOTATION_GLOBAL);
  if (explicit !== undefined) {
    let ref: string;
    try {
      if (typeof explicit !== 'string') throw new Error('not a string');
      ref = parseResourceRef(explicit, cluster.namespace);
    } catch {
      cluster.problems.push(
        problem(
          'invalid-entity-ref',
          `Annotation ${ANNOTATION_GLOBAL} is ${quoteForMessage(
            explicit,
          )}, which is not an entity ref (e.g. resource:default/global-eu).`,
        ),
      );
      return;
    }
    const target = byRef.get(ref);
    if (target?.role === 'global') {
      cluster.global = ref;
    } else if (target || knownRefs.has(ref)) {
      cluster.problems.push(
        problem(
          'global-ref-not-global',
          `${ANNOTATION_GLOBAL} points to ${ref}, which is ${
            target ? `an ${target.role}` : 'not a fleet cluster'
          }, not a global.`,
        ),
      );
    } else {
      cluster.problems.push(
        problem(
          'global-not-found',
          `${ANNOTATION_GLOBAL} points to ${ref}, which is not in the catalog.`,
        ),
      );
    }
    return;
  }

  const dependedGlobals = [...new Set(dependsOnRefs(entity))].filter(
    ref => byRef.get(ref)?.role === 'global',
  );
  if (dependedGlobals.length === 1) {
    cluster.global = dependedGlobals[0];
    return;
  }
  if (dependedGlobals.length > 1) {
    cluster.problems.push(
      problem(
        'ambiguous-global',
        `Edge depends on several globals (${dependedGlobals.join(
          ', ',
        )}); choose one with ${ANNOTATION_GLOBAL}.`,
      ),
    );
    return;
  }
  if (globals.length === 1) {
    cluster.global = globals[0].ref;
  } else if (globals.length === 0) {
    cluster.problems.push(
      problem(
        'edge-without-global',
        `Edge has no global to write to: the fleet has no global; add one, or set ${ANNOTATION_GLOBAL}.`,
      ),
    );
  } else {
    cluster.problems.push(
      problem(
        'ambiguous-global',
        `The fleet has ${globals.length} globals; choose one with ${ANNOTATION_GLOBAL} or spec.dependsOn.`,
      ),
    );
  }
}

/**
 * Who a cluster's series are told apart by: its cluster label, and for an
 * edge of a global whose engine keeps tenants apart, its tenant too. The
 * same label in two tenants is two senders.
 */
function senderKey(
  cluster: FleetCluster,
  byRef: ReadonlyMap<string, FleetCluster>,
): string {
  const engine = cluster.global ? byRef.get(cluster.global)?.engine : undefined;
  const tenanted =
    cluster.role === 'edge' && engine && ENGINE_TRAITS[engine].tenantHeader;
  return tenanted
    ? `${cluster.clusterLabel}\u0000${edgeTenant(cluster, engine)}`
    : cluster.clusterLabel;
}

function flagDuplicateLabels(
  clusters: FleetCluster[],
  byRef: ReadonlyMap<string, FleetCluster>,
) {
  const bySender = new Map<string, FleetCluster[]>();
  for (const cluster of clusters) {
    const key = senderKey(cluster, byRef);
    const group = bySender.get(key);
    if (group) group.push(cluster);
    else bySender.set(key, [cluster]);
  }
  for (const group of bySender.values()) {
    if (group.length < 2) continue;
    const label = group[0].clusterLabel;
    for (const cluster of group) {
      const others = group
        .filter(other => other !== cluster)
        .map(other => other.ref);
      cluster.problems.push(
        problem(
          'duplicate-cluster-label',
          `Cluster label ${quoteForMessage(label)} of ${
            cluster.ref
          } is also used by ${others.join(
            ', ',
          )}: their series would be indistinguishable; set a unique ${ANNOTATION_CLUSTER_LABEL}.`,
        ),
      );
    }
  }
}

/**
 * A global's problems that would make its edges' values wrong: they write to
 * its URL with its auth and protocol, and name the queue after its cluster
 * label.
 */
const WRITE_PATH_PROBLEMS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'missing-remote-write-url',
  'invalid-remote-write-url',
  'invalid-remote-write-auth',
  'invalid-remote-write-secret',
  'invalid-remote-write-protocol',
  'invalid-cluster-label',
]);

function flagEdgesOfBrokenGlobals(
  clusters: FleetCluster[],
  byRef: Map<string, FleetCluster>,
) {
  for (const edge of clusters) {
    if (edge.role !== 'edge' || !edge.global) continue;
    const global = byRef.get(edge.global)!;
    if (global.problems.some(p => WRITE_PATH_PROBLEMS.has(p.code))) {
      edge.problems.push(
        problem(
          'global-not-ready',
          `Its global ${global.ref} has no usable remote-write settings; fix the global's problems first.`,
        ),
      );
    }
  }
}

/**
 * Links the candidates: each edge gets its global, or a problem saying why
 * not, then the problems between clusters are added.
 *
 * @param knownRefs - every entity ref read, in the fleet or not
 */
export function linkFleet(candidates: Candidate[], knownRefs: Set<string>) {
  const clusters = candidates.map(c => c.cluster);
  const byRef = new Map(clusters.map(c => [c.ref, c]));
  const globals = clusters.filter(c => c.role === 'global');
  for (const candidate of candidates) {
    if (candidate.cluster.role === 'edge') {
      resolveGlobal(candidate, byRef, knownRefs, globals);
    }
  }
  flagDuplicateLabels(clusters, byRef);
  flagEdgesOfBrokenGlobals(clusters, byRef);
  return clusters;
}
