import {
  InstantQueryRequest,
  InstantVectorResponse,
  PrometheusQueryClient,
  QueryEndpointConfig,
} from 'backstage-plugin-prometheus-fleet-node';

export interface CountedQuery {
  endpoint: string;
  /** The headers the endpoint sent it with, a tenant's among them. */
  headers?: Record<string, string>;
  /** The cycle's evaluation time, epoch ms: one per cycle. */
  time: number;
  startedAt: number;
  /** Set once answered. */
  durationMs?: number;
}

export interface Cycle {
  time: number;
  queries: number;
  /** From the first query sent to the last answer. */
  wallMs: number;
}

/** Wraps a client (or answers empty vectors) and records every query it sends. */
export class CountingClient implements PrometheusQueryClient {
  readonly queries: CountedQuery[] = [];
  readonly #inner?: PrometheusQueryClient;

  constructor(inner?: PrometheusQueryClient) {
    this.#inner = inner;
  }

  async instantQuery(
    endpoint: QueryEndpointConfig,
    request: InstantQueryRequest,
  ): Promise<InstantVectorResponse> {
    // Counted when sent, so that a cycle still running is counted whole.
    const counted: CountedQuery = {
      endpoint: endpoint.name,
      headers: endpoint.headers,
      time: request.time.getTime(),
      startedAt: Date.now(),
    };
    this.queries.push(counted);
    try {
      return this.#inner
        ? await this.#inner.instantQuery(endpoint, request)
        : { status: 'success', data: { resultType: 'vector', result: [] } };
    } finally {
      counted.durationMs = Date.now() - counted.startedAt;
    }
  }

  /** The queries grouped by cycle (their shared evaluation time), oldest first. */
  cycles(): Cycle[] {
    const byTime = new Map<number, CountedQuery[]>();
    for (const query of this.queries) {
      byTime.set(query.time, [...(byTime.get(query.time) ?? []), query]);
    }
    return [...byTime]
      .sort(([a], [b]) => a - b)
      .map(([time, queries]) => ({
        time,
        queries: queries.length,
        wallMs:
          Math.max(...queries.map(q => q.startedAt + (q.durationMs ?? 0))) -
          Math.min(...queries.map(q => q.startedAt)),
      }));
  }
}
