import {
  ClusterView,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { waitFor } from '../rig/prometheusApi';
import { FleetBackend } from './fleetBackend';

async function clustersByName(
  backend: FleetBackend,
): Promise<Map<string, ClusterView>> {
  const res = await backend.api.get('/api/prometheus-fleet/clusters');
  if (res.status !== 200) throw new Error(`GET /clusters: ${res.status}`);
  return new Map(
    (res.body.items as ClusterView[]).map(cluster => [cluster.name, cluster]),
  );
}

/** Waits until every named edge's latest health, as the REST API shows it, satisfies its check. */
export function untilEdgeHealth(
  backend: FleetBackend,
  what: string,
  checks: Record<string, (health: QueueHealth) => boolean>,
  timeoutMs = 60_000,
): Promise<Map<string, QueueHealth>> {
  return waitFor(
    what,
    async () => {
      const byName = await clustersByName(backend);
      const healths = new Map<string, QueueHealth>();
      for (const [name, check] of Object.entries(checks)) {
        const health = byName.get(name)?.health;
        // Thrown rather than returned so that a timeout names the state it saw.
        if (!health || !check(health)) {
          throw new Error(
            `${name} is ${health?.status ?? 'unpolled'} (${
              health?.reasons.map(reason => reason.message).join('; ') ?? ''
            })`,
          );
        }
        healths.set(name, health);
      }
      return healths;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

export const hasStatus =
  (status: QueueHealth['status']) => (health: QueueHealth) =>
    health.status === status;

/**
 * Healthy, and with a lag: an agent's first batch carries its own metrics
 * from before any send, so the global may read it healthy a cycle before its
 * queue reports a sent timestamp to work the lag out from.
 */
export const isHealthyWithLag = (health: QueueHealth) =>
  health.status === 'healthy' && health.lagSeconds !== null;
