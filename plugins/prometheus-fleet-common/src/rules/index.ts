export { FLEET_RULES_NAME, globalRuleGroups } from './globalRules';
export { MONITORING_TAB_PATH, monitoringUrl } from './monitoringUrl';
export type { AlertingRule, RecordingRule, RuleGroup } from './ruleTypes';
export { FLEET_SERIES } from './seriesNames';
export { FLEET_RULES_VERSION, recordedSeriesMatch } from './rulesInfo';
export type { FleetRulesInfo } from './rulesInfo';
