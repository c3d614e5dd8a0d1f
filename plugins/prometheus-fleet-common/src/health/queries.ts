import { InvalidDurationError } from './duration';

/** The queries of a poll cycle, always these and in this order. @public */
export const QUEUE_HEALTH_QUERY_IDS = [
  'lag',
  'shards',
  'pending',
  'rates',
  'lastSeen',
] as const;

/** @public */
export type QueueHealthQueryId = (typeof QUEUE_HEALTH_QUERY_IDS)[number];

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
}

/**
 * Label that tells apart the quantities of a query that returns several
 * (shards, rates). After `by (cluster, remote_name, url)` no other label is
 * left, so it cannot clash with one of the edge's.
 */
export const QUANTITY_LABEL = 'quantity';

const QUEUE = 'cluster, remote_name, url';
const PREFIX = 'prometheus_remote_storage_';
/** Whole seconds in the largest unit that divides them, as people write PromQL. */
function promDuration(seconds: number, name: string): string {
  const whole = Math.round(seconds);
  if (!Number.isFinite(seconds) || whole < 1) {
    throw new InvalidDurationError(
      seconds,
      `${name} must be at least one second`,
    );
  }
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

/** Tags each expression with its quantity, and returns them as one vector. */
function tagged(expressions: Record<string, string>): string {
  return Object.entries(expressions)
    .map(
      ([name, expr]) =>
        `label_replace(${expr}, "${QUANTITY_LABEL}", "${name}", "", "")`,
    )
    .join(' or ');
}

/**
 * A counter's rate under its current name, or under its name in older 2.x
 * releases (`failed_samples_total`…), as the mixin accepts both.
 */
function rateOf(current: string, legacy: string, window: string): string {
  return `sum by (${QUEUE}) (rate(${PREFIX}${current}[${window}]) or rate(${PREFIX}${legacy}[${window}]))`;
}

/**
 * The PromQL that one poll cycle sends to one global's query endpoint. The
 * set is fixed: every query covers all of the global's edges at once,
 * grouped `by (cluster, remote_name, url)`, and takes no catalog value (edges
 * are picked out of the results after parsing), so the number of queries and
 * their text never depend on the fleet.
 *
 * - `lag`: highest timestamp enqueued minus highest timestamp sent, as the
 *   mixin's `PrometheusRemoteWriteBehind`. Prometheus 3.7+ exports the first
 *   per queue; earlier versions only per server, joined `ignoring(remote_name,
 *   url) group_right` onto each queue. `or` keeps the newer one where both
 *   exist. A queue that has sent nothing yet has no lag (a sent timestamp of 0
 *   would read as decades); its retries and failures tell instead.
 * - `shards`: current (last value), desired and max (highest over the window,
 *   as `PrometheusRemoteWriteDesiredShards`).
 * - `pending`: samples waiting in the queue (last value).
 * - `rates`: sent, failed, retried and dropped samples per second; the last
 *   three only where above zero, as they are on few queues: at 10,000 edges
 *   that is a quarter of the response and of the global's work for it
 *   (bench/RESULTS.md). A queue the rates query answered for without them has
 *   none.
 * - `lastSeen`: when the global last received a sample of the edge's own
 *   remote-write metrics, which travel through the queue they describe: the
 *   exact sample time within the lookback delta (5 minutes), and for an edge
 *   quiet for longer, the highest sample timestamp the edge reported over
 *   `lastSeenWindow` (per queue from 3.7, per server before). One series per
 *   edge: `up`, which every edge forwards too, has one per scrape target, and
 *   a subquery over it took 20 of a cycle's 34 Prometheus CPU seconds at
 *   10,000 edges (bench/RESULTS.md).
 *
 * @throws InvalidDurationError for a window under one second.
 * @public
 */
export function buildQueueHealthQueries(
  options: QueueHealthQueryOptions = {},
): QueueHealthQuery[] {
  const w = promDuration(options.window ?? 300, 'window');
  const lastSeenWindow = promDuration(
    options.lastSeenWindow ?? 3600,
    'lastSeenWindow',
  );
  const overWindow = (fn: string, metric: string) =>
    `${fn}(${PREFIX}${metric}[${w}])`;
  const perQueue = (fn: string, metric: string) =>
    `max by (${QUEUE}) (${overWindow(fn, metric)})`;
  const enqueued = overWindow(
    'max_over_time',
    'queue_highest_timestamp_seconds',
  );
  const appended = overWindow('max_over_time', 'highest_timestamp_in_seconds');
  const sent = `(${overWindow(
    'max_over_time',
    'queue_highest_sent_timestamp_seconds',
  )} > 0)`;
  const pending = overWindow('last_over_time', 'samples_pending');
  const pendingLegacy = overWindow('last_over_time', 'pending_samples');

  return [
    {
      id: 'lag',
      promql:
        `max by (${QUEUE}) (${enqueued} - ${sent})` +
        ` or max by (${QUEUE}) (${appended} - ignoring(remote_name, url) group_right() ${sent})`,
    },
    {
      id: 'shards',
      promql: tagged({
        current: perQueue('last_over_time', 'shards'),
        desired: perQueue('max_over_time', 'shards_desired'),
        max: perQueue('max_over_time', 'shards_max'),
      }),
    },
    {
      id: 'pending',
      promql: `max by (${QUEUE}) (${pending} or ${pendingLegacy})`,
    },
    {
      id: 'rates',
      promql: tagged({
        sent: rateOf('samples_total', 'succeeded_samples_total', w),
        failed: `${rateOf(
          'samples_failed_total',
          'failed_samples_total',
          w,
        )} > 0`,
        retried: `${rateOf(
          'samples_retried_total',
          'retried_samples_total',
          w,
        )} > 0`,
        dropped: `${rateOf(
          'samples_dropped_total',
          'dropped_samples_total',
          w,
        )} > 0`,
      }),
    },
    {
      id: 'lastSeen',
      promql:
        `max by (cluster) (timestamp(${PREFIX}highest_timestamp_in_seconds))` +
        ` or max by (cluster) (max_over_time(${PREFIX}queue_highest_timestamp_seconds[${lastSeenWindow}])` +
        ` or max_over_time(${PREFIX}highest_timestamp_in_seconds[${lastSeenWindow}]))`,
    },
  ];
}
