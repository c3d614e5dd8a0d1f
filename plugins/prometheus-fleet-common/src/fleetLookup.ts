import { Fleet, FleetCluster } from './types';

/** Finds a fleet cluster by entity ref. @public */
export type ClusterLookup = (ref: string) => FleetCluster | undefined;

/**
 * What values generation may look up in a fleet: clusters by ref (an edge's
 * global), and the edges of a global (whose rules expect each of them).
 *
 * @public
 */
export interface FleetLookup {
  cluster: ClusterLookup;
  edgesOf(globalRef: string): FleetCluster[];
}

/** Indexes a resolved fleet once for many `generateValues` calls. @public */
export function fleetLookup(fleet: Pick<Fleet, 'clusters'>): FleetLookup {
  const byRef = new Map<string, FleetCluster>();
  const edgesByGlobal = new Map<string, FleetCluster[]>();
  for (const cluster of fleet.clusters) {
    byRef.set(cluster.ref, cluster);
    if (cluster.role === 'edge' && cluster.global) {
      const edges = edgesByGlobal.get(cluster.global) ?? [];
      edges.push(cluster);
      edgesByGlobal.set(cluster.global, edges);
    }
  }
  return {
    cluster: ref => byRef.get(ref),
    edgesOf: globalRef => edgesByGlobal.get(globalRef) ?? [],
  };
}
