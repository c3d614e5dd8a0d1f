import {
  Fleet,
  FleetCluster,
  HealthStatus,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';

/** A cluster of the fleet, in namespace `default` unless the name says `ns/name`. */
export function fleetCluster(
  qualifiedName: string,
  role: FleetCluster['role'],
  extra: Partial<FleetCluster> = {},
): FleetCluster {
  const [namespace, name] = qualifiedName.includes('/')
    ? qualifiedName.split('/')
    : ['default', qualifiedName];
  return {
    ref: `resource:${namespace}/${name}`,
    namespace,
    name,
    role,
    clusterLabel: name,
    problems: [],
    ...extra,
  };
}

export const fleetOf = (...clusters: FleetCluster[]): Fleet => ({
  clusters,
  rejected: [],
  problems: [],
});

/** A latest health with these numbers and nothing else known. */
export function queueHealth(
  status: HealthStatus,
  {
    lagSeconds = null,
    lastSeen = null,
  }: { lagSeconds?: number | null; lastSeen?: string | null } = {},
): QueueHealth {
  return {
    status,
    reasons: [],
    lagSeconds,
    shards: { current: null, desired: null, max: null },
    pendingSamples: null,
    failedRate: null,
    retriedRate: null,
    droppedRate: null,
    lastSeen,
    observedAt: '2026-01-01T00:00:00.000Z',
  };
}
