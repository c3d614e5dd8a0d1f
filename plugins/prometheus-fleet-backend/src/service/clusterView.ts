import {
  ClusterView,
  FleetCluster,
  GlobalRulesView,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';

/** What the polls recorded: the latest health of edges, whether globals run the rules. */
export interface Polled {
  health: ReadonlyMap<string, QueueHealth>;
  globalRules: ReadonlyMap<string, GlobalRulesView>;
}

/** The single place a cluster becomes what the API returns; only edges have health, only globals rules. */
export function toClusterView(
  cluster: FleetCluster,
  { health, globalRules }: Polled,
): ClusterView {
  const latest = cluster.role === 'edge' ? health.get(cluster.ref) : undefined;
  const rules =
    cluster.role === 'global' ? globalRules.get(cluster.ref) : undefined;
  return {
    ref: cluster.ref,
    namespace: cluster.namespace,
    name: cluster.name,
    title: cluster.title,
    role: cluster.role,
    global: cluster.global,
    clusterLabel: cluster.clusterLabel,
    owner: cluster.owner,
    ...(cluster.tenant ? { tenant: cluster.tenant } : {}),
    ...(cluster.engine ? { engine: cluster.engine } : {}),
    problems: cluster.problems,
    ...(latest ? { health: latest } : {}),
    ...(rules ? { rules } : {}),
  };
}
