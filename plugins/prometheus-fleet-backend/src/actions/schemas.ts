import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/**
 * The `z` the actions registry hands to schema callbacks. Schemas are built
 * with it only: the registry's zod is another copy than this package's.
 *
 * Schema builders stay inside the file of their action, not exported: the
 * types they infer name the registry's copy of zod, which declarations of
 * this package cannot reference (TS2742). What the actions share is here, as
 * words.
 */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

const HEALTH_STATUS =
  'Worst first: critical (lag over the critical threshold, or more than 1 % of samples failing), silent (nothing received for too long), warning, unknown (could not be judged), pending (a new edge awaiting its first data: neutral), healthy.';

export const DESCRIBE = {
  healthStatus: HEALTH_STATUS,
  edgeStatus: `${HEALTH_STATUS} Then not-polled: no poll has covered the edge yet.`,
  reasonCode:
    'Stable reason code, e.g. lag-over-critical, samples-failed, no-sample, never-seen, global-unreachable, not-onboarded',
  problemRef: 'Entity ref of the entity the problem belongs to',
  problemCode:
    'Stable problem code, e.g. invalid-cluster-label, global-not-found, remote-write-drift',
  problemSeverity:
    'error blocks the generation of Helm values for the cluster; warning does not',
  problemSource:
    "catalog: the entity's annotations map it wrongly, fixed in the catalog; observed: what the last poll saw at a global (drift from the generated values, a misrouted edge, an unknown cluster label), fixed on the cluster",
  lagSeconds: 'How far the remote-write queue is behind, in seconds',
  lastSeen: 'ISO 8601: when the global last received a sample from the edge',
  observedAt: 'ISO 8601: when this health was computed',
  clusterLabel: 'The cluster label every series of the cluster carries',
} as const;
