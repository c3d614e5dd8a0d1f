import { promDuration } from '../promDuration';
import { FLEET_SERIES } from '../rules/seriesNames';

/** A duration that cannot be used, such as a query window under one second. @public */
export class InvalidDurationError extends Error {
  readonly value: unknown;
  constructor(value: unknown, why: string) {
    super(`Invalid duration ${JSON.stringify(value) ?? String(value)}: ${why}`);
    this.name = 'InvalidDurationError';
    this.value = value;
  }
}

/**
 * The queries of a poll cycle, always these and in this order, and the
 * quantities each returns, told apart by their `quantity` label.
 *
 * @public
 */
export const QUEUE_HEALTH_QUANTITIES = {
  timestamps: ['highest_appended', 'highest_enqueued', 'highest_sent'],
  current: ['shards', 'pending'],
  shardLimits: ['desired_shards', 'max_shards'],
  sentAndFailed: ['sent', 'failed'],
  retriedAndDropped: ['retried', 'dropped'],
  receiver: [
    'targets_up',
    'targets_down',
    'series_per_scrape',
    'newest_sample',
  ],
} as const;

/** @public */
export type QueueHealthQueryId = keyof typeof QUEUE_HEALTH_QUANTITIES;

/** @public */
export type QueueHealthQuantity =
  (typeof QUEUE_HEALTH_QUANTITIES)[QueueHealthQueryId][number];

/** @public */
export const QUEUE_HEALTH_QUERY_IDS = Object.keys(
  QUEUE_HEALTH_QUANTITIES,
) as QueueHealthQueryId[];

/** One PromQL instant query of a poll cycle. @public */
export interface QueueHealthQuery {
  id: QueueHealthQueryId;
  promql: string;
}

/** @public */
export interface QueueHealthQueryOptions {
  /** Seconds that `max_over_time` and `rate` look back; 5 minutes as the mixin. */
  window?: number;
  /** Seconds to look back for an edge's newest sample; bounds "no sample for …". */
  lastSeenWindow?: number;
  /**
   * A label every result keeps, for a federated query over several tenants
   * (`__tenant_id__`, `tenant_id`): the same cluster label in two tenants is
   * two senders, so no aggregation may merge them.
   */
  tenantLabel?: string;
}

/**
 * The quantity of the global's `prometheus_fleet:rules_info` series, which
 * the `receiver` query also returns, so that the poller learns whether the
 * global evaluates the generated rules without a query of its own.
 *
 * @public
 */
export const RULES_INFO_QUANTITY = 'rules_info';

/**
 * Label that tells apart the quantities of a query. After `by (…)` no other
 * label is left, so it cannot clash with one of the edge's.
 *
 * @public
 */
export const QUANTITY_LABEL = 'quantity';

/**
 * The labels that tell one edge Prometheus server from another: the job and
 * instance it is scraped as, in its cluster. The timestamps are grouped by
 * server, so that the lag is worked out per server and queue, as the mixin's
 * `ignoring(remote_name, url)` join does.
 *
 * @public
 */
export const SERVER_LABELS = ['cluster', 'job', 'instance'] as const;
const SERVER_GROUPING = SERVER_LABELS.join(', ');
const QUEUE_GROUPING = 'cluster, remote_name, url';
const PREFIX = 'prometheus_remote_storage_';

/** A window the poller is configured with, to the whole second. */
function windowDuration(seconds: number, name: string): string {
  const whole = Math.round(seconds);
  if (!Number.isFinite(seconds) || whole < 1) {
    throw new InvalidDurationError(
      seconds,
      `${name} must be at least one second`,
    );
  }
  return promDuration(whole);
}

/** An expression's series, each labelled with the quantity they are. */
export const withQuantity = (quantity: string, expression: string) =>
  `label_replace(${expression}, "${QUANTITY_LABEL}", "${quantity}", "", "")`;

/** Tags each expression with its quantity, and returns them as one vector. */
function tagged<Id extends QueueHealthQueryId>(
  id: Id,
  expressions: Record<(typeof QUEUE_HEALTH_QUANTITIES)[Id][number], string>,
): QueueHealthQuery {
  const quantities: readonly string[] = QUEUE_HEALTH_QUANTITIES[id];
  return {
    id,
    promql: quantities
      .map(quantity =>
        withQuantity(
          quantity,
          expressions[quantity as keyof typeof expressions],
        ),
      )
      .join(' or '),
  };
}

/**
 * The PromQL that one poll cycle sends to one global's query endpoint. The
 * set is fixed: every query covers all of the global's edges at once and
 * takes no catalog value (edges are picked out of the results after
 * parsing), so the number of queries and their text never depend on the
 * fleet.
 *
 * The global's work is about the number of series the queries select, and a
 * query is evaluated on one core: each query selects about two series per
 * queue, so that the global can spread a cycle over its cores, and no series
 * is selected twice (bench/RESULTS.md).
 *
 * - `timestamps`, by server: the highest timestamp appended (per server, all
 *   releases) and enqueued (per queue, Prometheus 3.7+) over
 *   `lastSeenWindow`, and sent (per queue) over the window. The parser works
 *   out the lag from them, as the mixin's `PrometheusRemoteWriteBehind`
 *   (enqueued, or else appended, minus sent), and when the edge was last
 *   seen: the highest timestamp it reported, which the edge's own metrics
 *   bring through the queue they describe. Appended and enqueued timestamps
 *   only grow, so their highest over `lastSeenWindow` is their highest over
 *   the window too while the edge writes. A queue that has sent nothing yet
 *   has no lag (a sent timestamp of 0 would read as decades).
 * - `current`: shards and samples pending, their newest sample in the window.
 * - `shardLimits`: desired and max shards, highest over the window, as
 *   `PrometheusRemoteWriteDesiredShards`.
 * - `sentAndFailed`, `retriedAndDropped`: samples per second, under their
 *   current names or the ones older 2.x releases used, as the mixin. Failed,
 *   retried and dropped only where above zero, as they are on few queues; a
 *   queue the query answered for without them has none.
 * - `receiver`, by cluster: what the global holds of the cluster's scrapes,
 *   whoever sent them (a Prometheus agent, Grafana Alloy, vmagent: every
 *   scraper forwards `up`, one series per target): targets up and down, the
 *   series per scrape after relabelling, summed over the targets, and the
 *   newest `up` sample's timestamp (when the cluster's newest scrape was
 *   taken, as far as the global has received it; instant selectors look back
 *   the global's lookback delta, 5 minutes by default). It is what finds
 *   senders without queue metrics. Targets up or down are counted only
 *   where there are some; a cluster the query answered for without them has
 *   none.
 *
 * They stay within what MetricsQL evaluates as PromQL does, since
 * VictoriaMetrics is a supported global (test/src/victoria-metrics); only
 * its `rate()`, which does not extrapolate, reads a few percent apart.
 *
 * @throws InvalidDurationError for a window under one second.
 * @public
 */
export function buildQueueHealthQueries(
  options: QueueHealthQueryOptions = {},
): QueueHealthQuery[] {
  return rawQueries(options);
}

/**
 * A regular expression, as a PromQL string, that matches exactly these
 * label values.
 */
function anyOf(values: readonly string[]): string {
  return JSON.stringify(
    values.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  );
}

/**
 * The raw queries, and with `onlyClusters` the same restricted to those
 * clusters' series (the recorded path's fallback), which Prometheus finds
 * through its index instead of reading every edge's.
 */
export function rawQueries(
  options: QueueHealthQueryOptions,
  onlyClusters?: readonly string[],
): QueueHealthQuery[] {
  const w = windowDuration(options.window ?? 300, 'window');
  const lastSeenWindow = windowDuration(
    options.lastSeenWindow ?? 3600,
    'lastSeenWindow',
  );
  const tenant = options.tenantLabel ? `, ${options.tenantLabel}` : '';
  const serverBy = `${SERVER_GROUPING}${tenant}`;
  const queueBy = `${QUEUE_GROUPING}${tenant}`;
  const clusterBy = `cluster${tenant}`;
  const matcher = onlyClusters ? `{cluster=~${anyOf(onlyClusters)}}` : '';
  const series = (metric: string) => `${metric}${matcher}`;
  const remote = (metric: string) => series(`${PREFIX}${metric}`);
  const highest = (by: string, metric: string, window: string) =>
    `max by (${by}) (max_over_time(${remote(metric)}[${window}]))`;
  const newest = (metric: string, legacy?: string) =>
    `max by (${queueBy}) (last_over_time(${remote(metric)}[${w}])${
      legacy ? ` or last_over_time(${remote(legacy)}[${w}])` : ''
    })`;
  const rate = (current: string, legacy: string) =>
    `sum by (${queueBy}) (rate(${remote(current)}[${w}]) or rate(${remote(
      legacy,
    )}[${w}]))`;

  const receiver = tagged('receiver', {
    targets_up: `count by (${clusterBy}) (${series('up')} == 1)`,
    targets_down: `count by (${clusterBy}) (${series('up')} == 0)`,
    series_per_scrape: `sum by (${clusterBy}) (${series(
      'scrape_samples_post_metric_relabeling',
    )})`,
    newest_sample: `max by (${clusterBy}) (timestamp(${series('up')}))`,
  });
  return [
    tagged('timestamps', {
      highest_appended: highest(
        serverBy,
        'highest_timestamp_in_seconds',
        lastSeenWindow,
      ),
      highest_enqueued: highest(
        `${serverBy}, remote_name, url`,
        'queue_highest_timestamp_seconds',
        lastSeenWindow,
      ),
      highest_sent: `${highest(
        `${serverBy}, remote_name, url`,
        'queue_highest_sent_timestamp_seconds',
        w,
      )} > 0`,
    }),
    tagged('current', {
      shards: newest('shards'),
      pending: newest('samples_pending', 'pending_samples'),
    }),
    tagged('shardLimits', {
      desired_shards: highest(queueBy, 'shards_desired', w),
      max_shards: highest(queueBy, 'shards_max', w),
    }),
    tagged('sentAndFailed', {
      sent: rate('samples_total', 'succeeded_samples_total'),
      failed: `${rate('samples_failed_total', 'failed_samples_total')} > 0`,
    }),
    tagged('retriedAndDropped', {
      retried: `${rate('samples_retried_total', 'retried_samples_total')} > 0`,
      dropped: `${rate('samples_dropped_total', 'dropped_samples_total')} > 0`,
    }),
    onlyClusters
      ? receiver
      : {
          ...receiver,
          promql: `${receiver.promql} or ${withQuantity(
            RULES_INFO_QUANTITY,
            FLEET_SERIES.rulesInfo,
          )}`,
        },
  ];
}
