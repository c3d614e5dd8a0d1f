/** Health thresholds, in seconds. @public */
export interface HealthThresholds {
  /** Lag above this is a warning. */
  lagWarning: number;
  /** Lag above this is critical. */
  lagCritical: number;
  /** An edge whose newest sample at its global is older than this is silent. */
  silentAfter: number;
}

/**
 * Defaults from the Prometheus mixin: `PrometheusRemoteWriteBehind` fires
 * over 120 s (critical here), half of it warns, and 5 minutes is the
 * default lookback after which PromQL itself stops showing a series.
 *
 * @public
 */
export const DEFAULT_THRESHOLDS: Readonly<HealthThresholds> = Object.freeze({
  lagWarning: 60,
  lagCritical: 120,
  silentAfter: 300,
});

/**
 * Share of samples that may fail before an edge is critical, as the mixin's
 * `PrometheusRemoteStorageFailures` (over 1 %).
 *
 * @public
 */
export const FAILED_RATIO_CRITICAL = 0.01;
