import {
  buildUnrecordedEdgesQuery,
  GlobalRulesState,
  parseQueueHealthResponses,
  parseRecordedResponses,
  QueueHealthObservation,
  QueueHealthQuery,
  QueueHealthQueryId,
  RECORDED_QUEUE_HEALTH_QUERIES,
  RecordedQueueHealthQuery,
  recordedSeriesMatch,
  withUnrecordedEdges,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  PrometheusQueryClient,
  PrometheusQueryError,
  QueryEndpointConfig,
} from 'backstage-plugin-prometheus-fleet-node';
import { QueryWindows } from '../config';

/** The query that reads the recorded path's missing edges raw. */
const UNRECORDED_EDGES = 'unrecordedEdges';

type QueryName =
  | QueueHealthQueryId
  | RecordedQueueHealthQuery['id']
  | typeof UNRECORDED_EDGES;

export interface QueryFailure {
  query: QueryName;
  error: PrometheusQueryError;
}

/**
 * How a cycle reads a global: `raw`, the queries over what the edges
 * forward, or `recorded`, the series the global's generated rules record
 * from them, which cost the global far less to read.
 */
export type PollPath = 'raw' | 'recorded';

/** What one cycle learnt from one query endpoint, or from one tenant there. */
export interface EndpointPoll {
  endpoint: string;
  /** The tenant read, at an endpoint read per tenant or federated. */
  tenant?: string;
  /** Undefined when no query answered: the endpoint is unusable this cycle. */
  observation?: QueueHealthObservation;
  failures: QueryFailure[];
  queries: number;
  /** The path the edges' health was read through. */
  path: PollPath;
}

export interface PollEndpointOptions {
  client: PrometheusQueryClient;
  endpoint: QueryEndpointConfig;
  /** The path to try: `recorded` falls back to `raw` within the cycle when the rules are gone. */
  path: PollPath;
  rawQueries: readonly QueueHealthQuery[];
  windows: QueryWindows;
  /** `cluster` labels of the edges the catalog gives this endpoint's globals. */
  expectedClusters: readonly string[];
  time: Date;
  signal?: AbortSignal;
}

function asQueryError(error: unknown): PrometheusQueryError {
  return error instanceof PrometheusQueryError
    ? error
    : new PrometheusQueryError(
        'invalid-response',
        error instanceof Error ? error.message : String(error),
      );
}

interface Sent<Id extends QueryName> {
  bodies: Partial<Record<Id, unknown>>;
  failures: QueryFailure[];
}

/**
 * Sends queries all at once and at the same evaluation time. A failed query
 * is not retried: the next cycle is the retry, so an endpoint in trouble
 * gets the same few queries per cycle, never more.
 */
export async function sendQueries<Id extends QueryName>(
  options: Pick<PollEndpointOptions, 'client' | 'endpoint' | 'time' | 'signal'>,
  queries: ReadonlyArray<{ id: Id; promql: string }>,
): Promise<Sent<Id>> {
  const { client, endpoint, time, signal } = options;
  const settled = await Promise.allSettled(
    queries.map(query =>
      client.instantQuery(endpoint, { promql: query.promql, time, signal }),
    ),
  );
  const sent: Sent<Id> = { bodies: {}, failures: [] };
  settled.forEach((result, index) => {
    const query = queries[index].id;
    if (result.status === 'fulfilled') {
      sent.bodies[query] = result.value;
    } else {
      sent.failures.push({ query, error: asQueryError(result.reason) });
    }
  });
  return sent;
}

async function pollRaw(options: PollEndpointOptions): Promise<EndpointPoll> {
  const { bodies, failures } = await sendQueries(options, options.rawQueries);
  return {
    endpoint: options.endpoint.name,
    observation:
      failures.length < options.rawQueries.length
        ? parseQueueHealthResponses(bodies)
        : undefined,
    failures,
    queries: options.rawQueries.length,
    path: 'raw',
  };
}

/**
 * The recorded series, then, in one query, the raw series of the expected
 * edges they lack. When the global no longer evaluates rules this poller
 * can read, the raw queries follow in the same cycle.
 */
async function pollRecorded(
  options: PollEndpointOptions,
): Promise<EndpointPoll> {
  const recorded = await sendQueries(options, RECORDED_QUEUE_HEALTH_QUERIES);
  const answered =
    recorded.failures.length < RECORDED_QUEUE_HEALTH_QUERIES.length;
  const poll: EndpointPoll = {
    endpoint: options.endpoint.name,
    failures: recorded.failures,
    queries: RECORDED_QUEUE_HEALTH_QUERIES.length,
    path: 'recorded',
  };
  if (!answered) return poll;

  const observation = parseRecordedResponses(recorded.bodies);
  const { rulesInfo } = observation;
  if (
    rulesInfo === null ||
    (rulesInfo && !recordedSeriesMatch(rulesInfo, options.windows))
  ) {
    const raw = await pollRaw(options);
    return { ...raw, queries: poll.queries + raw.queries };
  }

  const missing = options.expectedClusters.filter(
    cluster => !observation.edges.has(cluster),
  );
  if (!missing.length) return { ...poll, observation };
  const fallback = await sendQueries(options, [
    {
      id: UNRECORDED_EDGES,
      promql: buildUnrecordedEdgesQuery(missing, {
        window: options.windows.windowSeconds,
        lastSeenWindow: options.windows.lastSeenWindowSeconds,
      }),
    },
  ]);
  return {
    ...poll,
    observation: withUnrecordedEdges(
      observation,
      fallback.bodies[UNRECORDED_EDGES],
    ),
    failures: [...poll.failures, ...fallback.failures],
    queries: poll.queries + 1,
  };
}

/** One cycle's queries to one endpoint, through the path asked for. */
export function pollEndpoint(
  options: PollEndpointOptions,
): Promise<EndpointPoll> {
  return options.path === 'recorded' ? pollRecorded(options) : pollRaw(options);
}

/**
 * The path the endpoint's next cycle takes: recorded once its global is
 * seen to evaluate rules this poller can read, raw once it is seen not to;
 * unchanged while that is unknown.
 */
export function nextPath(poll: EndpointPoll, windows: QueryWindows): PollPath {
  const state = rulesStateOf(poll, windows);
  if (state === undefined) return poll.path;
  return state === 'running' ? 'recorded' : 'raw';
}

/**
 * Whether the endpoint's global evaluates the generated rules, as far as
 * this cycle could tell (undefined when the query that reads it failed).
 */
export function rulesStateOf(
  poll: EndpointPoll | undefined,
  windows: QueryWindows,
): GlobalRulesState | undefined {
  const info = poll?.observation?.rulesInfo;
  if (info === undefined) return undefined;
  if (info === null) return 'absent';
  return recordedSeriesMatch(info, windows) ? 'running' : 'mismatch';
}

/**
 * The failures in a sentence, queries with the same error together, e.g.
 * `lag and shards queries: answered HTTP 503 Service Unavailable`.
 */
export function describeFailures(failures: readonly QueryFailure[]): string {
  const byMessage = new Map<string, QueryName[]>();
  for (const { query, error } of failures) {
    byMessage.set(error.message, [
      ...(byMessage.get(error.message) ?? []),
      query,
    ]);
  }
  return [...byMessage]
    .map(([message, ids]) => {
      const names =
        ids.length > 1
          ? `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`
          : ids[0];
      return `${names} ${ids.length > 1 ? 'queries' : 'query'}: ${message}`;
    })
    .join('; ');
}
