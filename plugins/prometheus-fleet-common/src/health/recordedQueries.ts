import { FLEET_SERIES } from '../rules/seriesNames';
import {
  QueueHealthQueryId,
  RULES_INFO_QUANTITY,
  withQuantity,
} from './queries';

/**
 * The recorded path's queries: what the global's generated rules record
 * (rules/), one series per queue or cluster, read with instant selectors.
 * Each stands for raw queries (`covers`): when it fails, what those would
 * have read is unknown, exactly as when they fail.
 *
 * @public
 */
export interface RecordedQueueHealthQuery {
  id: 'recordedQueues' | 'recordedClusters';
  promql: string;
  covers: readonly QueueHealthQueryId[];
}

/**
 * The quantity of a queue's recorded lag, which the raw path works out from
 * the `timestamps` query instead.
 */
export const RECORDED_LAG_QUANTITY = 'lag';
/** The quantity of a cluster's recorded last report. */
export const RECORDED_LAST_REPORT_QUANTITY = 'last_report';

const tagged = (expressions: Record<string, string>) =>
  Object.entries(expressions)
    .map(([quantity, expression]) => withQuantity(quantity, expression))
    .join(' or ');

/**
 * Two queries whatever the fleet's size, each selecting one recorded series
 * per queue or cluster and quantity, so that the global reads a few series
 * per edge instead of evaluating windows over every raw one. Failed,
 * retried and dropped only where above zero, as on the raw path.
 *
 * @public
 */
export const RECORDED_QUEUE_HEALTH_QUERIES: readonly RecordedQueueHealthQuery[] =
  [
    {
      id: 'recordedQueues',
      covers: ['current', 'shardLimits', 'sentAndFailed', 'retriedAndDropped'],
      promql: tagged({
        shards: FLEET_SERIES.shards,
        pending: FLEET_SERIES.pendingSamples,
        desired_shards: FLEET_SERIES.desiredShards,
        max_shards: FLEET_SERIES.maxShards,
        sent: FLEET_SERIES.sentRate,
        failed: `${FLEET_SERIES.failedRate} > 0`,
        retried: `${FLEET_SERIES.retriedRate} > 0`,
        dropped: `${FLEET_SERIES.droppedRate} > 0`,
      }),
    },
    {
      id: 'recordedClusters',
      covers: ['timestamps', 'receiver'],
      promql: tagged({
        [RECORDED_LAG_QUANTITY]: FLEET_SERIES.lag,
        [RECORDED_LAST_REPORT_QUANTITY]: FLEET_SERIES.lastReport,
        targets_up: FLEET_SERIES.targetsUp,
        targets_down: FLEET_SERIES.targetsDown,
        series_per_scrape: FLEET_SERIES.seriesPerScrape,
        newest_sample: FLEET_SERIES.newestScrape,
        [RULES_INFO_QUANTITY]: FLEET_SERIES.rulesInfo,
      }),
    },
  ];
