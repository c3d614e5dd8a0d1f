import {
  QUANTITY_LABEL,
  QUEUE_HEALTH_QUANTITIES,
  QUEUE_HEALTH_QUERY_IDS,
  QueueHealthQuantity,
  QueueHealthQueryId,
} from './queries';
import { NO_RECEIVED_SCRAPES, ReceiverTally } from './receiver';
import { higher, TimestampJoin } from './timestamps';
import {
  EdgeQueueSample,
  EdgeSamples,
  QueueHealthObservation,
  QueueQueryFailure,
} from './types';

/**
 * The JSON bodies of one cycle's `/api/v1/query` responses, by query id;
 * `undefined` where the request itself failed.
 *
 * @public
 */
export type QueueHealthResponses = Partial<Record<QueueHealthQueryId, unknown>>;

interface VectorSample {
  labels: Record<string, string>;
  value: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** NaN, ±Inf and anything unreadable carry no usable number. */
function sampleValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function readSample(item: unknown): VectorSample | undefined {
  if (!isRecord(item) || !isRecord(item.metric) || !Array.isArray(item.value)) {
    return undefined;
  }
  const { metric, value } = item;
  if (value.length !== 2 || typeof value[0] !== 'number') return undefined;
  for (const label in metric) {
    if (typeof metric[label] !== 'string') return undefined;
  }
  return {
    labels: metric as Record<string, string>,
    value: sampleValue(value[1]),
  };
}

function readVector(
  query: QueueHealthQueryId,
  body: unknown,
): VectorSample[] | QueueQueryFailure {
  const invalid = (why: string): QueueQueryFailure => ({
    query,
    kind: 'invalid-response',
    message: `The ${query} query returned ${why}.`,
  });
  if (body === undefined || body === null) {
    return {
      query,
      kind: 'no-response',
      message: `The ${query} query got no response.`,
    };
  }
  if (!isRecord(body)) return invalid('something other than a JSON object');
  if (body.status === 'error') {
    const type =
      typeof body.errorType === 'string' ? `${body.errorType}: ` : '';
    const error = typeof body.error === 'string' ? body.error : 'no message';
    return {
      query,
      kind: 'query-error',
      message: `The ${query} query failed: ${type}${error}`,
    };
  }
  if (body.status !== 'success' || !isRecord(body.data)) {
    return invalid('no status "success" with data');
  }
  if (body.data.resultType !== 'vector') {
    return invalid(
      `a ${
        JSON.stringify(body.data.resultType) ?? 'missing'
      } result instead of a vector`,
    );
  }
  if (!Array.isArray(body.data.result))
    return invalid('a vector without a result list');
  const samples: VectorSample[] = [];
  for (const item of body.data.result) {
    const sample = readSample(item);
    if (!sample)
      return invalid(
        'a sample that is not { metric, value: [time, "number"] }',
      );
    samples.push(sample);
  }
  return samples;
}

type QueueQuantity = Exclude<
  QueueHealthQuantity,
  | (typeof QUEUE_HEALTH_QUANTITIES.timestamps)[number]
  | (typeof QUEUE_HEALTH_QUANTITIES.receiver)[number]
>;
type QueueField = QueueQuantity | 'lag';

/** Which query returns each quantity. */
const QUERY_OF_QUANTITY = new Map<string, QueueHealthQueryId>(
  QUEUE_HEALTH_QUERY_IDS.flatMap(id =>
    QUEUE_HEALTH_QUANTITIES[id].map(quantity => [quantity, id] as const),
  ),
);

/**
 * Rates the queries return only where above zero: once their query answered,
 * a queue without them has none.
 */
const ABOVE_ZERO_ONLY = ['failed', 'retried', 'dropped'] as const;

/** What the queries said about one queue, field by field: undefined where they said nothing. */
interface QueueReadings {
  remoteName: string;
  url: string;
  values: Record<QueueField, number | null | undefined>;
}

/** All fields from the start: one object shape for every queue. */
const noReadings = (): QueueReadings['values'] => ({
  lag: undefined,
  shards: undefined,
  pending: undefined,
  desired_shards: undefined,
  max_shards: undefined,
  sent: undefined,
  failed: undefined,
  retried: undefined,
  dropped: undefined,
});

function toQueueSample(
  { remoteName, url, values }: QueueReadings,
  answered: ReadonlySet<QueueHealthQueryId>,
): EdgeQueueSample {
  const get = (field: QueueField) => values[field] ?? null;
  const rate = (field: (typeof ABOVE_ZERO_ONLY)[number]) => {
    if (values[field] !== undefined) return get(field);
    return answered.has(QUERY_OF_QUANTITY.get(field)!) ? 0 : null;
  };
  return {
    remoteName,
    url,
    lagSeconds: get('lag'),
    shards: {
      current: get('shards'),
      desired: get('desired_shards'),
      max: get('max_shards'),
    },
    pendingSamples: get('pending'),
    sentRate: get('sent'),
    failedRate: rate('failed'),
    retriedRate: rate('retried'),
    droppedRate: rate('dropped'),
  };
}

/**
 * Turns one cycle's query responses into per-edge samples. Never throws: a
 * query that failed or returned something unreadable is reported in
 * `failures` (and in each edge's `failedQueries`), and the others still count.
 * Series without a `cluster` label cannot belong to an edge and are skipped.
 *
 * @public
 */
export function parseQueueHealthResponses(
  responses: QueueHealthResponses,
): QueueHealthObservation {
  const bodies: QueueHealthResponses = isRecord(responses) ? responses : {};
  const failures: QueueQueryFailure[] = [];
  const answered = new Set<QueueHealthQueryId>();
  /** By cluster, remote name and URL. */
  const queues = new Map<string, Map<string, Map<string, QueueReadings>>>();
  const timestamps = new TimestampJoin();
  const receiver = new ReceiverTally();

  const queueOf = (cluster: string, remoteName: string, url: string) => {
    let byName = queues.get(cluster);
    if (!byName) {
      byName = new Map();
      queues.set(cluster, byName);
    }
    let byUrl = byName.get(remoteName);
    if (!byUrl) {
      byUrl = new Map();
      byName.set(remoteName, byUrl);
    }
    let queue = byUrl.get(url);
    if (!queue) {
      queue = { remoteName, url, values: noReadings() };
      byUrl.set(url, queue);
    }
    return queue;
  };

  for (const query of QUEUE_HEALTH_QUERY_IDS) {
    const vector = readVector(query, bodies[query]);
    if (!Array.isArray(vector)) {
      failures.push(vector);
      continue;
    }
    answered.add(query);
    for (const { labels, value } of vector) {
      if (!labels.cluster) continue;
      if (query === 'timestamps') {
        timestamps.add(labels, value);
        continue;
      }
      if (query === 'receiver') {
        receiver.add(labels, value);
        continue;
      }
      const quantity = labels[QUANTITY_LABEL];
      // Past the timestamps and the receiver, every quantity a query returns is a queue's.
      if (QUERY_OF_QUANTITY.get(quantity) !== query) continue;
      const { values } = queueOf(
        labels.cluster,
        labels.remote_name ?? '',
        labels.url ?? '',
      );
      const field = quantity as QueueQuantity;
      values[field] = higher(values[field], value);
    }
  }

  // A queue's lag is its worst server's.
  for (const { cluster, remoteName, url, lagSeconds } of timestamps.lags()) {
    const { values } = queueOf(cluster, remoteName, url);
    values.lag = higher(values.lag, lagSeconds);
  }
  const lastSeen = timestamps.lastSeen();

  const failedQueries = failures.map(f => f.query);
  const clusters = [
    ...new Set([...queues.keys(), ...lastSeen.keys(), ...receiver.clusters()]),
  ].sort();
  const receiverOf = (cluster: string) =>
    answered.has('receiver') ? receiver.of(cluster) : null;
  // A sender without queue metrics is last seen at its newest scrape; whether
  // it has queue metrics is known only once their timestamps answered.
  const newestScrapeUnlessUnknown = (cluster: string) =>
    answered.has('timestamps')
      ? receiverOf(cluster)?.newestSample ?? null
      : null;
  const edges = new Map<string, EdgeSamples>(
    clusters.map(cluster => [
      cluster,
      {
        cluster,
        queues: [...(queues.get(cluster)?.values() ?? [])]
          .flatMap(byUrl => [...byUrl.values()])
          .map(readings => toQueueSample(readings, answered))
          .sort(
            (a, b) =>
              a.remoteName.localeCompare(b.remoteName) ||
              a.url.localeCompare(b.url),
          ),
        lastSeen: lastSeen.has(cluster)
          ? lastSeen.get(cluster)!
          : newestScrapeUnlessUnknown(cluster),
        receiver: receiverOf(cluster),
        failedQueries,
      },
    ]),
  );
  return { edges, failures };
}

/**
 * One edge's samples from a cycle, empty when its global holds nothing from
 * it (so the edge reads silent, or unknown where the queries failed).
 *
 * @public
 */
export function edgeSamplesFor(
  observation: QueueHealthObservation,
  cluster: string,
): EdgeSamples {
  return (
    observation.edges.get(cluster) ?? {
      cluster,
      queues: [],
      lastSeen: null,
      receiver: observation.failures.some(f => f.query === 'receiver')
        ? null
        : { ...NO_RECEIVED_SCRAPES },
      failedQueries: observation.failures.map(f => f.query),
    }
  );
}
