import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';
import {
  Fleet,
  HealthStatus,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { EdgeLabels } from './names';

/** What the metrics tell of one edge: its latest health, cut to numbers. */
export interface EdgeHealthSample {
  labels: EdgeLabels;
  status: HealthStatus;
  lagSeconds: number | null;
  /** Epoch milliseconds; null while its global holds no sample from it. */
  lastSeenMs: number | null;
}

/** The edges of the fleet, whose latest health the metrics read. */
export function edgeRefsOf(fleet: Fleet): string[] {
  return fleet.clusters.filter(c => c.role === 'edge').map(c => c.ref);
}

/**
 * The `global` label: the global's entity name, with its namespace when
 * that is not `default`; empty for an edge whose global is not resolved.
 */
export function globalLabelOf(globalRef: string | undefined): string {
  if (!globalRef) return '';
  try {
    const { namespace, name } = parseEntityRef(globalRef);
    return namespace === DEFAULT_NAMESPACE ? name : `${namespace}/${name}`;
  } catch {
    return globalRef;
  }
}

const finiteOrNull = (value: number | null | undefined) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * One sample per edge of the fleet that has a latest health, in fleet order.
 * An edge without one (not polled yet, or gone from the store) has none.
 * Two edges with the same labels (a `duplicate-cluster-label` problem in the
 * catalog) would be one series: the first in the fleet keeps it.
 */
export function edgeHealthSamples(
  fleet: Fleet,
  health: ReadonlyMap<string, QueueHealth>,
): EdgeHealthSample[] {
  const samples: EdgeHealthSample[] = [];
  const taken = new Set<string>();
  for (const cluster of fleet.clusters) {
    const latest =
      cluster.role === 'edge' ? health.get(cluster.ref) : undefined;
    if (!latest) continue;
    const labels: EdgeLabels = {
      cluster: cluster.clusterLabel,
      global: globalLabelOf(cluster.global),
    };
    const key = JSON.stringify([labels.cluster, labels.global]);
    if (taken.has(key)) continue;
    taken.add(key);
    samples.push({
      labels,
      status: latest.status,
      lagSeconds: finiteOrNull(latest.lagSeconds),
      lastSeenMs: latest.lastSeen
        ? finiteOrNull(Date.parse(latest.lastSeen))
        : null,
    });
  }
  return samples;
}
