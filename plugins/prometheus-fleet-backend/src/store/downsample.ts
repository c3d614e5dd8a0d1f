import { HealthStatus } from 'backstage-plugin-prometheus-fleet-common';

/** A history point before its health is loaded. */
export interface PointStatus {
  observedAt: number;
  status: HealthStatus;
}

/** Which point of a bucket stands for it: the worst, so short incidents survive. */
const SEVERITY: Record<HealthStatus, number> = {
  healthy: 0,
  pending: 1,
  unknown: 2,
  warning: 3,
  critical: 4,
  silent: 5,
};

/**
 * Picks at most `maxPoints` of the points (oldest first) by cutting the range
 * into that many equal time buckets and keeping the worst point of each,
 * the latest of equals. Returns the points themselves when they fit.
 */
export function downsample<T extends PointStatus>(
  points: readonly T[],
  range: { from: number; to: number },
  maxPoints: number,
): T[] {
  if (points.length <= maxPoints) return [...points];
  const width = Math.max(1, (range.to - range.from) / maxPoints);
  const picked = new Map<number, T>();
  for (const point of points) {
    const bucket = Math.min(
      maxPoints - 1,
      Math.max(0, Math.floor((point.observedAt - range.from) / width)),
    );
    const current = picked.get(bucket);
    if (!current || SEVERITY[point.status] >= SEVERITY[current.status]) {
      picked.set(bucket, point);
    }
  }
  return [...picked.values()].sort((a, b) => a.observedAt - b.observedAt);
}
