import { HealthReason, HealthStatus, QueueHealth, ReceiverView } from '../api';
import { escapeUnprintable as shown } from '../escape';
import { formatAbove, formatDuration, formatNumber } from './format';
import { EdgeOnboarding } from './onboarding';
import { QueueHealthQueryId } from './queries';
import { suggestedMaxShards } from './shards';
import {
  DEFAULT_THRESHOLDS,
  FAILED_RATIO_CRITICAL,
  HealthThresholds,
} from './thresholds';
import { EdgeQueueSample, EdgeSamples, ReceiverSamples } from './types';

/** @public */
export interface ClassifyOptions {
  /** When the health is computed (a Date or epoch milliseconds). */
  now: Date | number;
  thresholds?: HealthThresholds;
  /**
   * Name of the queue the generated values give the edge (`fleet-<global>`):
   * when set, only queues of that name are judged, as the others write elsewhere.
   */
  remoteName?: string;
  /** Series per scrape above which the edge is `warning` (its `series-budget` annotation). */
  seriesBudget?: number;
  /**
   * Set when the samples come from another global than the edge's own, which
   * receives nothing from it: the globals' names, for the `misrouted` reason.
   */
  misrouted?: { ownGlobal: string; receivingGlobal: string };
  /**
   * Set when the samples come from another tenant of the edge's own global
   * than the one its values name, which holds nothing from it: the tenants,
   * for the `wrong-tenant` reason.
   */
  wrongTenant?: { ownTenant: string; receivingTenant: string };
  /**
   * When the fleet first saw the edge and whether it has ever reported:
   * an edge its global has never heard from reads `pending` within the grace
   * period, and `silent` after it. Without it, such an edge is `silent`.
   */
  onboarding?: EdgeOnboarding;
}

/**
 * What `raise` climbs: silent wins over everything. `pending` is never
 * raised to; it replaces `silent` for a new edge and sits just above healthy.
 */
const SEVERITY: Record<HealthStatus, number> = {
  healthy: 0,
  pending: 1,
  unknown: 2,
  warning: 3,
  critical: 4,
  silent: 5,
};

/**
 * Queries the status rests on, with what their failure leaves unread.
 * Current shards, pending samples and dropped samples are only shown, so
 * losing them changes nothing. The timestamps also tell when the edge was
 * last seen, which is judged on its own.
 */
const JUDGED_QUERIES: Partial<Record<QueueHealthQueryId, string>> = {
  timestamps: 'the lag',
  shardLimits: 'the desired and max shards',
  sentAndFailed: 'failed samples',
  retriedAndDropped: 'retried samples',
};

interface QueueVerdict {
  queue: EdgeQueueSample;
  status: 'healthy' | 'warning' | 'critical';
  reasons: HealthReason[];
}

/** Lag in seconds, as thresholds are set, and in larger units once it is long. */
function lagOver(lag: number, limit: number): string {
  const inWords = lag >= 300 ? ` (${formatDuration(lag)})` : '';
  return `lag ${formatAbove(lag, limit)} s${inWords} over ${formatNumber(
    limit,
  )} s`;
}

function judgeQueue(
  queue: EdgeQueueSample,
  thresholds: HealthThresholds,
): QueueVerdict {
  const critical: HealthReason[] = [];
  const warning: HealthReason[] = [];
  const { lagSeconds: lag, shards } = queue;
  if (lag !== null && lag > thresholds.lagCritical) {
    critical.push({
      code: 'lag-over-critical',
      message: lagOver(lag, thresholds.lagCritical),
    });
  } else if (lag !== null && lag > thresholds.lagWarning) {
    warning.push({
      code: 'lag-over-warning',
      message: lagOver(lag, thresholds.lagWarning),
    });
  }
  if (queue.failedRate !== null && queue.failedRate > 0) {
    // The mixin's ratio. Recent Prometheus counts every attempt in
    // samples_total, failed ones included, so a queue failing every send
    // reads 50 %; the 1 % rule fires the same.
    const ratio = queue.failedRate / (queue.failedRate + (queue.sentRate ?? 0));
    if (ratio > FAILED_RATIO_CRITICAL) {
      critical.push({
        code: 'samples-failed',
        message: `${formatAbove(
          ratio * 100,
          FAILED_RATIO_CRITICAL * 100,
        )} % of samples failed`,
      });
    }
  }
  if (
    shards.desired !== null &&
    shards.max !== null &&
    shards.desired > shards.max
  ) {
    warning.push({
      code: 'desired-shards-over-max',
      message: `desired shards ${formatAbove(
        shards.desired,
        shards.max,
      )} > max ${formatNumber(
        shards.max,
      )}: raise maxShards to ${suggestedMaxShards(shards)}`,
    });
  }
  if (queue.retriedRate !== null && queue.retriedRate > 0) {
    warning.push({
      code: 'samples-retried',
      message: `retrying ${formatNumber(queue.retriedRate)} samples/s`,
    });
  }
  let status: QueueVerdict['status'] = 'healthy';
  if (critical.length) status = 'critical';
  else if (warning.length) status = 'warning';
  return { queue, status, reasons: [...critical, ...warning] };
}

/**
 * Names a queue in reasons when there are several to tell apart; its labels
 * escaped where not printable ASCII, as whoever runs the edge sets them.
 */
function queueName(queue: EdgeQueueSample, all: EdgeQueueSample[]): string {
  const sameName =
    all.filter(q => q.remoteName === queue.remoteName).length > 1;
  const name = shown(queue.remoteName);
  if (!queue.remoteName) return shown(queue.url);
  return sameName ? `${name} (${shown(queue.url)})` : name;
}

/** The same reason, its message behind a prefix. */
function prefixed(prefix: string, reason: HealthReason): HealthReason {
  return prefix ? { ...reason, message: prefix + reason.message } : reason;
}

function isoSeconds(epochSeconds: number | null): string | null {
  return epochSeconds === null
    ? null
    : new Date(epochSeconds * 1000).toISOString();
}

function receiverView(receiver: ReceiverSamples): ReceiverView {
  return {
    targetsUp: receiver.targetsUp,
    targetsDown: receiver.targetsDown,
    seriesPerScrape: receiver.seriesPerScrape,
    newestSampleAt: isoSeconds(receiver.newestSample),
  };
}

/** The budget judged from what the global holds; nothing to say without either. */
function judgeSeriesBudget(
  receiver: ReceiverSamples | null,
  budget: number | undefined,
): HealthReason | undefined {
  const series = receiver?.seriesPerScrape;
  if (budget === undefined || series === undefined || series === null) {
    return undefined;
  }
  if (series <= budget) return undefined;
  return {
    code: 'series-over-budget',
    message: `${formatAbove(
      series,
      budget,
    )} series per scrape, over its budget of ${formatNumber(budget)}`,
  };
}

function numbersOf(queue: EdgeQueueSample | undefined) {
  return {
    lagSeconds: queue?.lagSeconds ?? null,
    shards: {
      ...(queue?.shards ?? { current: null, desired: null, max: null }),
    },
    pendingSamples: queue?.pendingSamples ?? null,
    failedRate: queue?.failedRate ?? null,
    retriedRate: queue?.retriedRate ?? null,
    droppedRate: queue?.droppedRate ?? null,
  };
}

/**
 * Health of an edge whose queues cannot be read at all: its global is not
 * reachable or not configured, or the edge is not onboarded yet.
 *
 * @public
 */
export function unknownHealth(
  reason: HealthReason,
  now: Date | number,
): QueueHealth {
  return {
    status: 'unknown',
    reasons: [reason],
    ...numbersOf(undefined),
    lastSeen: null,
    observedAt: new Date(now).toISOString(),
  };
}

/** Seconds since the fleet first saw the edge, and that time, for reasons. */
function joined(onboarding: EdgeOnboarding, nowSeconds: number) {
  const at = new Date(onboarding.firstSeenAt);
  const since = Math.max(0, nowSeconds - at.getTime() / 1000);
  return {
    since,
    text: `joined the fleet ${formatDuration(since)} ago (${at.toISOString()})`,
  };
}

/**
 * The reason of an edge its global has never heard from that joined within
 * its grace period and never reported; null for any other.
 */
function awaitingFirstData(
  onboarding: EdgeOnboarding | undefined,
  nowSeconds: number,
): HealthReason | null {
  if (!onboarding || onboarding.everReported) return null;
  const { since, text } = joined(onboarding, nowSeconds);
  if (since >= onboarding.gracePeriodSeconds) return null;
  return {
    code: 'awaiting-first-data',
    message: `${text}, awaiting its agent: no sample from this cluster at its global yet; silent if none arrives within ${formatDuration(
      onboarding.gracePeriodSeconds,
    )} of joining`,
  };
}

/** The reason of a silent edge its global holds no sample from at all. */
function neverSeen(
  onboarding: EdgeOnboarding | undefined,
  nowSeconds: number,
): HealthReason {
  if (!onboarding) {
    return {
      code: 'never-seen',
      message: 'no sample from this cluster at its global',
    };
  }
  if (onboarding.everReported) {
    return {
      code: 'never-seen',
      message:
        'no recent sample from this cluster at its global, though it has reported before',
    };
  }
  return {
    code: 'never-seen',
    message: `never reported since it ${
      joined(onboarding, nowSeconds).text
    }: no sample from this cluster at its global`,
  };
}

/** Why the samples come from where the edge's values do not send them, if they do. */
function elsewhereReason(options: ClassifyOptions): HealthReason | undefined {
  const { misrouted, wrongTenant } = options;
  if (misrouted) {
    return {
      code: 'misrouted',
      message: `its series arrive at ${misrouted.receivingGlobal}, not at its own global ${misrouted.ownGlobal}: read from there`,
    };
  }
  if (wrongTenant) {
    return {
      code: 'wrong-tenant',
      message: `its series arrive in tenant "${wrongTenant.receivingTenant}", not in its own tenant "${wrongTenant.ownTenant}": read from there`,
    };
  }
  return undefined;
}

/**
 * Classifies one edge from what its global holds:
 *
 * - `silent` when its newest sample is older than `silentAfter`, or absent. It
 *   wins over everything else: the edge's queue metrics travel through the
 *   queue they describe, so a stuck queue leaves the last, healthy-looking
 *   numbers behind.
 * - `pending` instead of `silent` for an edge its global holds no sample
 *   from that has never reported and joined the fleet less than its
 *   onboarding grace period ago (`onboarding`): neutral, awaiting its agent.
 * - `critical` for lag over `lagCritical` or more than 1 % failed samples.
 * - `warning` for lag over `lagWarning`, desired shards over max shards,
 *   retries, no queue of the expected name, more series per scrape than
 *   `seriesBudget`, or samples that arrive at another global (`misrouted`).
 * - `unknown` when what is left to judge is healthy but a query failed, or the
 *   global holds no queue metrics from a cluster that does send samples.
 *
 * A value exactly at a threshold is still within it. With several queues the
 * worst decides and its numbers are reported; reasons come from all of them.
 * Dropped samples are reported but not judged: write relabelling drops
 * samples on purpose.
 *
 * @public
 */
export function classifyEdgeHealth(
  samples: EdgeSamples,
  options: ClassifyOptions,
): QueueHealth {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const failed = new Set(samples.failedQueries);
  let status: HealthStatus = 'healthy';
  const raise = (to: HealthStatus) => {
    if (SEVERITY[to] > SEVERITY[status]) status = to;
  };

  /** What the numbers say; stale once the edge is silent. */
  const queueReasons: HealthReason[] = [];
  /** What could not be judged. */
  const dataReasons: HealthReason[] = [];

  let queues = samples.queues;
  const { remoteName } = options;
  if (remoteName !== undefined && queues.length) {
    const named = queues.filter(q => q.remoteName === remoteName);
    if (named.length) {
      queues = named;
    } else {
      raise('warning');
      const found = queues
        .map(q => shown(JSON.stringify(q.remoteName)))
        .join(', ');
      queueReasons.push({
        code: 'queue-not-found',
        message: `no queue named "${remoteName}" (found ${found}): is the edge running the generated values?`,
      });
    }
  }

  const verdicts = queues.map(queue => judgeQueue(queue, thresholds));
  for (const verdict of verdicts) {
    raise(verdict.status);
    const prefix =
      verdicts.length > 1 ? `${queueName(verdict.queue, queues)}: ` : '';
    queueReasons.push(
      ...verdict.reasons.map(reason => prefixed(prefix, reason)),
    );
  }
  const worst = [...verdicts].sort(
    (a, b) =>
      SEVERITY[b.status] - SEVERITY[a.status] ||
      (b.queue.lagSeconds ?? -1) - (a.queue.lagSeconds ?? -1),
  )[0];

  const overBudget = judgeSeriesBudget(samples.receiver, options.seriesBudget);
  if (overBudget) {
    raise('warning');
    queueReasons.push(overBudget);
  }

  const judged = Object.entries(JUDGED_QUERIES);
  const unread = judged.filter(([query]) =>
    failed.has(query as QueueHealthQueryId),
  );
  if (options.seriesBudget !== undefined && failed.has('receiver')) {
    dataReasons.push({
      code: 'query-failed',
      message: 'could not read the series per scrape: the query failed',
    });
    raise('unknown');
  }
  for (const [, what] of unread) {
    dataReasons.push({
      code: 'query-failed',
      message: `could not read ${what}: the query failed`,
    });
    raise('unknown');
  }
  if (!queues.length && unread.length < judged.length) {
    dataReasons.push({
      code: 'no-queue-metrics',
      message:
        'the global holds no remote-write queue metrics from this cluster: does its Prometheus scrape itself?',
    });
    raise('unknown');
  }

  const readElsewhere = elsewhereReason(options);
  if (readElsewhere) raise('warning');

  let reasons = [...queueReasons, ...dataReasons];
  if (failed.has('timestamps')) {
    reasons.unshift({
      code: 'query-failed',
      message:
        'could not tell when the global last heard from this cluster: the query failed',
    });
    raise('unknown');
  } else {
    const nowSeconds = new Date(options.now).getTime() / 1000;
    const age =
      samples.lastSeen === null
        ? null
        : Math.max(0, nowSeconds - samples.lastSeen);
    const pending =
      age === null ? awaitingFirstData(options.onboarding, nowSeconds) : null;
    if (pending) {
      status = 'pending';
      reasons = [pending];
    } else if (age === null || age > thresholds.silentAfter) {
      status = 'silent';
      reasons = [
        age === null
          ? neverSeen(options.onboarding, nowSeconds)
          : {
              code: 'no-sample',
              message: `no sample for ${formatDuration(age)}`,
            },
        ...queueReasons.map(reason => prefixed('last reported: ', reason)),
      ];
    }
  }

  // A fact of this cycle: stays first, whatever the edge's state there.
  if (readElsewhere) reasons.unshift(readElsewhere);

  return {
    status,
    reasons,
    ...numbersOf(worst?.queue),
    lastSeen: isoSeconds(samples.lastSeen),
    observedAt: new Date(options.now).toISOString(),
    ...(samples.receiver ? { receiver: receiverView(samples.receiver) } : {}),
  };
}
