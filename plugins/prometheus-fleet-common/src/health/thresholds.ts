import { InvalidDurationError, parseDuration } from './duration';

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

/** Thresholds as written in configuration: durations such as `60s` or `5m`. @public */
export type HealthThresholdsConfig = Partial<
  Record<keyof HealthThresholds, string | number>
>;

/**
 * Fills configured thresholds in over the defaults.
 *
 * @throws InvalidDurationError for a duration that cannot be read, or a
 * warning lag above the critical one.
 * @public
 */
export function resolveThresholds(
  config: HealthThresholdsConfig = {},
): HealthThresholds {
  const read = (key: keyof HealthThresholds) =>
    config[key] === undefined
      ? DEFAULT_THRESHOLDS[key]
      : parseDuration(config[key]);
  const thresholds = {
    lagWarning: read('lagWarning'),
    lagCritical: read('lagCritical'),
    silentAfter: read('silentAfter'),
  };
  if (thresholds.lagWarning > thresholds.lagCritical) {
    throw new InvalidDurationError(
      config.lagWarning ?? thresholds.lagWarning,
      `lagWarning (${thresholds.lagWarning} s) must not exceed lagCritical (${thresholds.lagCritical} s)`,
    );
  }
  return thresholds;
}
