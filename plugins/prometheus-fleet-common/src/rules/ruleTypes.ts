/** A Prometheus recording rule, as a rules file or a PrometheusRule holds it. @public */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** A Prometheus alerting rule, as a rules file or a PrometheusRule holds it. @public */
export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** @public */
export interface RuleGroup {
  name: string;
  rules: Array<RecordingRule | AlertingRule>;
}
