/**
 * A query endpoint from `prometheusFleet.queryEndpoints`: the only URLs the
 * plugin ever calls.
 *
 * @public
 */
export interface QueryEndpointConfig {
  name: string;
  /** Base URL of the Prometheus HTTP API, without a trailing slash. */
  url: string;
  headers: Record<string, string>;
  token?: string;
  timeoutMs: number;
}

/** One series of an instant-vector result, as the Prometheus HTTP API sends it. @public */
export interface InstantSample {
  metric: Record<string, string>;
  /** `[evaluation time in epoch seconds, value as a string]`. */
  value: [number, string];
}

/** A successful `/api/v1/query` response holding an instant vector. @public */
export interface InstantVectorResponse {
  status: 'success';
  data: { resultType: 'vector'; result: InstantSample[] };
  warnings?: string[];
}

/** @public */
export interface InstantQueryRequest {
  promql: string;
  /** Evaluation time: every query of a cycle uses the same one. */
  time: Date;
  /** Cancels the query, e.g. when the poll task times out. */
  signal?: AbortSignal;
}

/**
 * Why a query gave no data. `unreachable`, `timeout` and `http` mean the
 * endpoint itself failed; `query` that Prometheus rejected the query;
 * `invalid-response` that the answer is not an instant vector.
 *
 * @public
 */
export type PrometheusQueryErrorKind =
  | 'unreachable'
  | 'timeout'
  | 'cancelled'
  | 'http'
  | 'query'
  | 'invalid-response';

/** A failed query. The message is safe to log and show: it never holds credentials. @public */
export class PrometheusQueryError extends Error {
  readonly kind: PrometheusQueryErrorKind;

  constructor(kind: PrometheusQueryErrorKind, message: string) {
    super(message);
    this.name = 'PrometheusQueryError';
    this.kind = kind;
  }
}

/**
 * Runs instant queries against a configured query endpoint. The endpoint
 * always comes from `prometheusFleet.queryEndpoints`, never from the catalog.
 *
 * @public
 */
export interface PrometheusQueryClient {
  /**
   * @throws PrometheusQueryError when the query gives no instant vector; no
   * retries: the next poll cycle is the retry.
   */
  instantQuery(
    endpoint: QueryEndpointConfig,
    request: InstantQueryRequest,
  ): Promise<InstantVectorResponse>;
}
