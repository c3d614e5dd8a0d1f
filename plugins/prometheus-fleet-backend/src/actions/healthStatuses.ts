import {
  HEALTH_STATUSES_WORST_FIRST,
  HealthStatus,
} from 'backstage-plugin-prometheus-fleet-common';

/** What an edge reads before the first poll that covers it has been recorded. */
export const NOT_POLLED = 'not-polled';

/** A status the actions report: a health status, or not polled yet. */
export type EdgeStatus = HealthStatus | typeof NOT_POLLED;

/** Every status the actions report, worst first. */
export const EDGE_STATUSES_WORST_FIRST = [
  ...HEALTH_STATUSES_WORST_FIRST,
  NOT_POLLED,
] as const satisfies readonly EdgeStatus[];

/** Rank for sorting worst first: 0 is the worst. */
export function statusRank(status: EdgeStatus): number {
  return EDGE_STATUSES_WORST_FIRST.indexOf(status);
}
