import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_ROLE } from './annotations';
import { flagEdgesOfUnsettledEngines } from './engineSetup';
import { linkFleet } from './linkFleet';
import {
  annotation,
  Candidate,
  hasEntityShape,
  refOf,
  toCandidate,
} from './readClusterEntity';
import {
  ClusterProblem,
  Fleet,
  FleetCluster,
  FleetProblem,
  RejectedEntity,
  ResolveFleetOptions,
} from './types';

/** True when a cluster's values cannot be generated as it stands. @public */
export function hasBlockingProblems(cluster: {
  problems: ClusterProblem[];
}): boolean {
  return cluster.problems.some(
    p => p.severity === 'error' && p.code !== 'unknown-query-endpoint',
  );
}

/**
 * Resolves the fleet from catalog entities: every kubernetes-cluster Resource
 * with a role annotation becomes a global or an edge, each edge is matched to
 * its global, and every problem is attached to the entity it concerns. Bad
 * entities never stop the others from resolving. Each global gets its
 * engine (`FleetCluster.engine`): its query endpoint's, given
 * `options.queryEndpointEngines`, else its `prometheus-fleet.io/engine`
 * annotation's, else `prometheus`.
 *
 * @public
 */
export function resolveFleet(
  entities: readonly Entity[],
  options: ResolveFleetOptions = {},
): Fleet {
  const candidates: Candidate[] = [];
  const rejected: RejectedEntity[] = [];
  const knownRefs = new Set<string>();
  const seen = new Set<string>();

  for (const entity of entities) {
    if (!hasEntityShape(entity)) continue;
    const ref = refOf(entity);
    knownRefs.add(ref);
    if (annotation(entity, ANNOTATION_ROLE) === undefined || seen.has(ref))
      continue;
    seen.add(ref);
    const result = toCandidate(entity, options);
    if ('cluster' in result) candidates.push(result);
    else rejected.push(result);
  }

  const clusters = linkFleet(candidates, knownRefs);
  flagEdgesOfUnsettledEngines(clusters);

  const problems: FleetProblem[] = [];
  for (const item of [...clusters, ...rejected]) {
    for (const p of item.problems) problems.push({ ref: item.ref, ...p });
  }
  return { clusters, rejected, problems };
}

/** Index of a fleet's clusters by entity ref. @public */
export function indexFleet(fleet: Fleet): Map<string, FleetCluster> {
  return new Map(fleet.clusters.map(c => [c.ref, c]));
}
