import { hasBlockingProblems } from '../fleet';
import { DEFAULT_ONBOARDING_GRACE_SECONDS } from '../health/onboarding';
import { DEFAULT_THRESHOLDS } from '../health/thresholds';
import { FleetCluster, ValuesOptions } from '../types';
import { alertRules } from './alertRules';
import { edgeOnboardingRules, expectedEdgeRules } from './expectedEdgeRules';
import { queueRecordingRules, recordedWindows } from './queueRecordingRules';
import { receiverRecordingRules } from './receiverRecordingRules';
import { rulesInfoRule } from './rulesInfo';
import { RuleGroup } from './ruleTypes';

/** Key of the rules under the chart's `additionalPrometheusRulesMap`, and their group's name. @public */
export const FLEET_RULES_NAME = 'prometheus-fleet';

/**
 * The edges a global expects: those of the catalog that write to it and have
 * values (an edge with blocking problems has none, so it cannot report).
 */
function expectedEdges(
  global: FleetCluster,
  edges: readonly FleetCluster[],
): FleetCluster[] {
  return edges
    .filter(edge => edge.global === global.ref && !hasBlockingProblems(edge))
    .sort((a, b) => a.clusterLabel.localeCompare(b.clusterLabel, 'en'));
}

/**
 * A global's rules over its edges: the series that says they run, the
 * recorded queue and receiver series, one expected series per catalog edge,
 * since when each is expected and has reported, and the alerts. One group, recordings first, so
 * that each evaluation alerts on what it has just recorded.
 *
 * @param edges - the fleet's edges; those of this global that have values are expected
 * @public
 */
export function globalRuleGroups(
  global: FleetCluster,
  edges: readonly FleetCluster[],
  options: Pick<ValuesOptions, 'thresholds' | 'onboarding' | 'appBaseUrl'> = {},
): RuleGroup[] {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const gracePeriod =
    options.onboarding?.gracePeriod ?? DEFAULT_ONBOARDING_GRACE_SECONDS;
  const windows = recordedWindows(thresholds.silentAfter);
  return [
    {
      name: FLEET_RULES_NAME,
      rules: [
        rulesInfoRule(windows),
        ...queueRecordingRules(windows),
        ...receiverRecordingRules(),
        ...expectedEdgeRules(expectedEdges(global, edges), options.appBaseUrl),
        ...edgeOnboardingRules(),
        ...alertRules(thresholds, gracePeriod, Boolean(options.appBaseUrl)),
      ],
    },
  ];
}
