import { RecordingRule } from './ruleTypes';
import { FLEET_SERIES } from './seriesNames';

/**
 * What the global holds of each cluster's scrapes, as the poll's `receiver`
 * query reads it (health/queries.ts), recorded so that the poll can read one
 * series per cluster instead of every target's.
 */
export function receiverRecordingRules(): RecordingRule[] {
  return [
    { record: FLEET_SERIES.targetsUp, expr: 'count by (cluster) (up == 1)' },
    { record: FLEET_SERIES.targetsDown, expr: 'count by (cluster) (up == 0)' },
    {
      record: FLEET_SERIES.seriesPerScrape,
      expr: 'sum by (cluster) (scrape_samples_post_metric_relabeling)',
    },
    {
      record: FLEET_SERIES.newestScrape,
      expr: 'max by (cluster) (timestamp(up))',
    },
  ];
}
