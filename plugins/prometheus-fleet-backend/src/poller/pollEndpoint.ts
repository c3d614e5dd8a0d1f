import {
  parseQueueHealthResponses,
  QueueHealthObservation,
  QueueHealthQuery,
  QueueHealthQueryId,
  QueueHealthResponses,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  PrometheusQueryClient,
  PrometheusQueryError,
  QueryEndpointConfig,
} from 'backstage-plugin-prometheus-fleet-node';

export interface QueryFailure {
  query: QueueHealthQueryId;
  error: PrometheusQueryError;
}

/** What one cycle learnt from one query endpoint. */
export interface EndpointPoll {
  endpoint: string;
  /** Undefined when no query answered: the endpoint is unusable this cycle. */
  observation?: QueueHealthObservation;
  failures: QueryFailure[];
  queries: number;
}

function asQueryError(error: unknown): PrometheusQueryError {
  return error instanceof PrometheusQueryError
    ? error
    : new PrometheusQueryError(
        'invalid-response',
        error instanceof Error ? error.message : String(error),
      );
}

/**
 * Sends the cycle's fixed queries to one endpoint, all at once and all at the
 * same evaluation time, and parses what answered. A failed query is not
 * retried: the next cycle is the retry, so an endpoint in trouble gets the
 * same few queries per cycle, never more.
 */
export async function pollEndpoint(options: {
  client: PrometheusQueryClient;
  endpoint: QueryEndpointConfig;
  queries: readonly QueueHealthQuery[];
  time: Date;
  signal?: AbortSignal;
}): Promise<EndpointPoll> {
  const { client, endpoint, queries, time, signal } = options;
  const settled = await Promise.allSettled(
    queries.map(query =>
      client.instantQuery(endpoint, { promql: query.promql, time, signal }),
    ),
  );

  const responses: QueueHealthResponses = {};
  const failures: QueryFailure[] = [];
  settled.forEach((result, index) => {
    const query = queries[index].id;
    if (result.status === 'fulfilled') {
      responses[query] = result.value;
    } else {
      failures.push({ query, error: asQueryError(result.reason) });
    }
  });

  return {
    endpoint: endpoint.name,
    observation:
      failures.length < queries.length
        ? parseQueueHealthResponses(responses)
        : undefined,
    failures,
    queries: queries.length,
  };
}

/**
 * The failures in a sentence, queries with the same error together, e.g.
 * `lag and shards queries: answered HTTP 503 Service Unavailable`.
 */
export function describeFailures(failures: readonly QueryFailure[]): string {
  const byMessage = new Map<string, QueueHealthQueryId[]>();
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
