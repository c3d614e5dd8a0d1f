import {
  ClusterListResponse,
  HealthStatus,
} from 'backstage-plugin-prometheus-fleet-common';
import { BenchBackend } from './backend';
import { EdgeBehaviour, edgeName, edgeProfile } from './syntheticFleet';

/** What the classification must say of each behaviour the writer plays. */
const EXPECTED_STATUS: Record<EdgeBehaviour, HealthStatus> = {
  healthy: 'healthy',
  dropping: 'healthy',
  lagging: 'warning',
  'over-sharded': 'warning',
  retrying: 'warning',
  'far-behind': 'critical',
  failing: 'critical',
  silent: 'silent',
};

/** Fails the run when the plugin does not read the synthetic fleet as the writer plays it: then the figures mean nothing. */
export async function checkClassification(
  backend: BenchBackend,
  edges: number,
): Promise<string> {
  const response = await fetch(
    `${backend.baseUrl}/api/prometheus-fleet/clusters`,
    {
      headers: { Authorization: 'Bearer mock-user-token' },
    },
  );
  if (!response.ok)
    throw new Error(`GET /clusters answered ${response.status}`);
  const { items } = (await response.json()) as ClusterListResponse;
  if (items.length !== edges + 1) {
    throw new Error(
      `GET /clusters lists ${items.length} clusters, expected ${edges + 1}`,
    );
  }
  const byName = new Map(items.map(item => [item.name, item]));
  const wrong: string[] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < edges; i++) {
    const { behaviour } = edgeProfile(i);
    const status = byName.get(edgeName(i))?.health?.status;
    counts.set(behaviour, (counts.get(behaviour) ?? 0) + 1);
    if (status !== EXPECTED_STATUS[behaviour]) {
      wrong.push(
        `${edgeName(i)} (${behaviour}) is ${status ?? 'without health'}`,
      );
    }
  }
  if (wrong.length) {
    throw new Error(
      `${
        wrong.length
      } edges are not classified as their behaviour says, e.g. ${wrong
        .slice(0, 5)
        .join('; ')}`,
    );
  }
  return [...counts]
    .map(([behaviour, count]) => `${count} ${behaviour}`)
    .join(', ');
}
