import { promDuration } from '../promDuration';
import { RecordingRule } from './ruleTypes';
import { FLEET_SERIES } from './seriesNames';

const QUEUE = 'cluster, remote_name, url';
const PREFIX = 'prometheus_remote_storage_';
/** The mixin's window for rates and highest values. */
const WINDOW = '5m';
/** How far back an edge's last report is searched, as the poller's default lastSeenWindow. */
const LAST_REPORT_LOOKBACK_SECONDS = 3600;

/** The windows of the recorded queue series, as Prometheus durations. */
export interface RecordedWindows {
  window: string;
  lastReportWindow: string;
}

/**
 * @param silentAfter - seconds; the last report is searched at least this far
 * back, so that an edge does not vanish before it counts as silent
 */
export function recordedWindows(silentAfter: number): RecordedWindows {
  return {
    window: WINDOW,
    lastReportWindow: promDuration(
      Math.max(silentAfter, LAST_REPORT_LOOKBACK_SECONDS),
    ),
  };
}

const highest = (metric: string, window = WINDOW) =>
  `max_over_time(${PREFIX}${metric}[${window}])`;

/** Samples per second under the current counter name or the one older 2.x releases used. */
const rate = (current: string, legacy: string) =>
  `sum by (${QUEUE}) (rate(${PREFIX}${current}[${WINDOW}]) or rate(${PREFIX}${legacy}[${WINDOW}]))`;

/**
 * Lag per queue as the mixin's PrometheusRemoteWriteBehind: the newest sample
 * enqueued (Prometheus 3.7+, per queue) or else appended (all releases, per
 * server: joined to the server's queues ignoring their labels), minus the
 * newest sent. A queue that has sent nothing yet has no lag: a sent
 * timestamp of 0 would read as decades. Where both generations are there,
 * `or` keeps the per-queue one, as both sides carry the queue's labels.
 * `group_right ()` takes no label: without the `()`, PromQL would read the
 * parenthesis after it as the list of labels to copy.
 */
const LAG = [
  `max by (${QUEUE}) (`,
  `  (${highest('queue_highest_timestamp_seconds')} - (${highest(
    'queue_highest_sent_timestamp_seconds',
  )} > 0))`,
  `  or`,
  `  (${highest(
    'highest_timestamp_in_seconds',
  )} - ignoring (remote_name, url) group_right () (${highest(
    'queue_highest_sent_timestamp_seconds',
  )} > 0))`,
  `)`,
].join('\n');

/**
 * The per-queue series the poller reads (health/queries.ts), recorded at the
 * global from what every edge forwards, in both metric generations, plus
 * each edge's last report.
 */
export function queueRecordingRules({
  lastReportWindow,
}: RecordedWindows): RecordingRule[] {
  return [
    { record: FLEET_SERIES.lag, expr: LAG },
    {
      record: FLEET_SERIES.shards,
      expr: `max by (${QUEUE}) (${PREFIX}shards)`,
    },
    {
      record: FLEET_SERIES.desiredShards,
      expr: `max by (${QUEUE}) (${highest('shards_desired')})`,
    },
    {
      record: FLEET_SERIES.maxShards,
      expr: `max by (${QUEUE}) (${highest('shards_max')})`,
    },
    {
      record: FLEET_SERIES.pendingSamples,
      expr: `sum by (${QUEUE}) (${PREFIX}samples_pending or ${PREFIX}pending_samples)`,
    },
    {
      record: FLEET_SERIES.sentRate,
      expr: rate('samples_total', 'succeeded_samples_total'),
    },
    {
      record: FLEET_SERIES.failedRate,
      expr: rate('samples_failed_total', 'failed_samples_total'),
    },
    {
      record: FLEET_SERIES.retriedRate,
      expr: rate('samples_retried_total', 'retried_samples_total'),
    },
    {
      record: FLEET_SERIES.droppedRate,
      expr: rate('samples_dropped_total', 'dropped_samples_total'),
    },
    {
      // The edge's own metrics travel through the queue they describe: when
      // it stops or its queue is stuck, this stops moving.
      record: FLEET_SERIES.lastReport,
      expr: `max by (cluster) (${highest(
        'highest_timestamp_in_seconds',
        lastReportWindow,
      )} or ${highest('queue_highest_timestamp_seconds', lastReportWindow)})`,
    },
  ];
}
