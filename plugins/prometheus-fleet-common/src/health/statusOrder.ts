import { HealthStatus } from '../api';

/**
 * Every health status, worst first: the order operators read a fleet in, on
 * the fleet page and in the actions' answers. A `pending` edge, awaiting its
 * first data within its onboarding grace, is neutral: after every state that
 * needs someone, before healthy. (The poller's and the history's severity
 * orders rank `silent` above `critical`, to pick the worst of several
 * readings.)
 *
 * @public
 */
export const HEALTH_STATUSES_WORST_FIRST = [
  'critical',
  'silent',
  'warning',
  'unknown',
  'pending',
  'healthy',
] as const satisfies readonly HealthStatus[];

/** Fails to compile when HealthStatus gains a status the order lacks. */
type UnorderedStatus = Exclude<
  HealthStatus,
  (typeof HEALTH_STATUSES_WORST_FIRST)[number]
>;
const everyStatusOrdered: [UnorderedStatus] extends [never] ? true : never =
  true;
void everyStatusOrdered;
