import {
  QUANTITY_LABEL,
  QUEUE_HEALTH_QUERY_IDS,
  QueueHealthQueryId,
} from './queries';
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
  const [time, text] = value;
  const labelsAreStrings = Object.values(metric).every(
    label => typeof label === 'string',
  );
  if (!labelsAreStrings || value.length !== 2 || typeof time !== 'number') {
    return undefined;
  }
  return { labels: metric as Record<string, string>, value: sampleValue(text) };
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

const SHARD_QUANTITIES = ['current', 'desired', 'max'] as const;
const RATE_QUANTITIES = ['sent', 'failed', 'retried', 'dropped'] as const;
type QueueField =
  | 'lag'
  | 'pending'
  | (typeof SHARD_QUANTITIES)[number]
  | (typeof RATE_QUANTITIES)[number];

/** What the queries said about one queue, field by field. */
interface QueueReadings {
  remoteName: string;
  url: string;
  values: Partial<Record<QueueField, number | null>>;
}

const oneOf = <T extends string>(
  options: readonly T[],
  value: string | undefined,
) => options.find(option => option === value);

/** Which field a series fills, or undefined for a series the query should not return. */
function fieldOf(
  query: QueueHealthQueryId,
  labels: Record<string, string>,
): QueueField | undefined {
  switch (query) {
    case 'lag':
    case 'pending':
      return query;
    case 'shards':
      return oneOf(SHARD_QUANTITIES, labels[QUANTITY_LABEL]);
    case 'rates':
      return oneOf(RATE_QUANTITIES, labels[QUANTITY_LABEL]);
    default:
      return undefined;
  }
}

/**
 * The rates query returns failed, retried and dropped rates only where above
 * zero: once it answered, a queue without them has none.
 */
function toQueueSample(
  { remoteName, url, values }: QueueReadings,
  ratesAnswered: boolean,
): EdgeQueueSample {
  const get = (field: QueueField) => values[field] ?? null;
  const problemRate = (field: 'failed' | 'retried' | 'dropped') => {
    if (field in values) return get(field);
    return ratesAnswered ? 0 : null;
  };
  return {
    remoteName,
    url,
    lagSeconds: get('lag'),
    shards: {
      current: get('current'),
      desired: get('desired'),
      max: get('max'),
    },
    pendingSamples: get('pending'),
    sentRate: get('sent'),
    failedRate: problemRate('failed'),
    retriedRate: problemRate('retried'),
    droppedRate: problemRate('dropped'),
  };
}

/** Duplicate series keep the worst (highest) value. */
function higher(
  known: number | null | undefined,
  value: number | null,
): number | null {
  if (known === undefined || known === null) return value;
  return value === null ? known : Math.max(known, value);
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
  const queues = new Map<string, Map<string, QueueReadings>>();
  const lastSeen = new Map<string, number | null>();

  const queueOf = (cluster: string, remoteName: string, url: string) => {
    const ofCluster = queues.get(cluster) ?? new Map<string, QueueReadings>();
    queues.set(cluster, ofCluster);
    const key = JSON.stringify([remoteName, url]);
    const queue = ofCluster.get(key) ?? { remoteName, url, values: {} };
    ofCluster.set(key, queue);
    return queue;
  };

  for (const query of QUEUE_HEALTH_QUERY_IDS) {
    const vector = readVector(query, bodies[query]);
    if (!Array.isArray(vector)) {
      failures.push(vector);
      continue;
    }
    for (const { labels, value } of vector) {
      const cluster = labels.cluster;
      if (!cluster) continue;
      if (query === 'lastSeen') {
        lastSeen.set(cluster, higher(lastSeen.get(cluster), value));
        continue;
      }
      const field = fieldOf(query, labels);
      if (!field) continue;
      const { values } = queueOf(
        cluster,
        labels.remote_name ?? '',
        labels.url ?? '',
      );
      values[field] = higher(values[field], value);
    }
  }

  const failedQueries = failures.map(f => f.query);
  const ratesAnswered = !failedQueries.includes('rates');
  const clusters = [...new Set([...queues.keys(), ...lastSeen.keys()])].sort();
  const edges = new Map<string, EdgeSamples>(
    clusters.map(cluster => [
      cluster,
      {
        cluster,
        queues: [...(queues.get(cluster)?.values() ?? [])]
          .map(readings => toQueueSample(readings, ratesAnswered))
          .sort(
            (a, b) =>
              a.remoteName.localeCompare(b.remoteName) ||
              a.url.localeCompare(b.url),
          ),
        lastSeen: lastSeen.get(cluster) ?? null,
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
      failedQueries: observation.failures.map(f => f.query),
    }
  );
}
