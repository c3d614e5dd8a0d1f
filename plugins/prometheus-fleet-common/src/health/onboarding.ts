/**
 * How long a new edge may stay without reporting before it reads `silent`
 * and its global's `PrometheusFleetEdgeSilent` fires: a day, for the
 * cluster's owner to install the agent (`prometheusFleet.onboarding.gracePeriod`).
 *
 * @public
 */
export const DEFAULT_ONBOARDING_GRACE_SECONDS = 24 * 3600;

/**
 * What the fleet knows of an edge's onboarding, for
 * `ClassifyOptions.onboarding`. The catalog has no creation time, so the
 * backend records when the fleet first saw the edge.
 *
 * @public
 */
export interface EdgeOnboarding {
  /** When the fleet first saw the edge (a Date or epoch milliseconds). */
  firstSeenAt: Date | number;
  /** Whether its global has ever held a sample from it since. */
  everReported: boolean;
  /** How long it may stay without reporting before it is `silent`. */
  gracePeriodSeconds: number;
}
