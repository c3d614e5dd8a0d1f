import { promDuration } from '../promDuration';
import { RecordingRule } from './ruleTypes';
import { FLEET_SERIES } from './seriesNames';

/**
 * The generation of the recorded series. Bump it when a series' name, labels
 * or meaning changes, so that a poller never reads a global's older rules as
 * if they were its own: it polls that global with the raw queries instead.
 *
 * @public
 */
export const FLEET_RULES_VERSION = '1';

/**
 * What a global's `prometheus_fleet:rules_info` series says about the rules
 * it evaluates: their generation and windows, as Prometheus durations.
 *
 * @public
 */
export interface FleetRulesInfo {
  version: string;
  /** Window of the recorded rates and highest values. */
  window: string;
  /** How far back an edge's last report is searched. */
  lastReportWindow: string;
}

/** The series that tells the poller these rules run on the global. */
export function rulesInfoRule(
  info: Omit<FleetRulesInfo, 'version'>,
): RecordingRule {
  return {
    record: FLEET_SERIES.rulesInfo,
    expr: 'vector(1)',
    labels: {
      version: FLEET_RULES_VERSION,
      window: info.window,
      last_report_window: info.lastReportWindow,
    },
  };
}

/**
 * Whether the poller may read a global's recorded series in place of its
 * raw queries: the rules are of the generation it knows, over the windows
 * it is configured with, so that both paths say the same.
 *
 * @param windows - the poller's windows, in seconds
 * @public
 */
export function recordedSeriesMatch(
  info: FleetRulesInfo,
  windows: { windowSeconds: number; lastSeenWindowSeconds: number },
): boolean {
  return (
    info.version === FLEET_RULES_VERSION &&
    info.window === promDuration(windows.windowSeconds) &&
    info.lastReportWindow === promDuration(windows.lastSeenWindowSeconds)
  );
}
