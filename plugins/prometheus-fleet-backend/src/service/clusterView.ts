import {
  ClusterView,
  FleetCluster,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';

/** The single place a cluster becomes what the API returns; only edges have health. */
export function toClusterView(
  cluster: FleetCluster,
  health: ReadonlyMap<string, QueueHealth>,
): ClusterView {
  const latest = cluster.role === 'edge' ? health.get(cluster.ref) : undefined;
  return {
    ref: cluster.ref,
    namespace: cluster.namespace,
    name: cluster.name,
    title: cluster.title,
    role: cluster.role,
    global: cluster.global,
    clusterLabel: cluster.clusterLabel,
    owner: cluster.owner,
    problems: cluster.problems,
    ...(latest ? { health: latest } : {}),
  };
}
