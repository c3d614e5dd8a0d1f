import { z } from 'zod/v3';
import {
  InstantQueryRequest,
  InstantSample,
  InstantVectorResponse,
  PrometheusQueryClient,
  PrometheusQueryError,
  QueryEndpointConfig,
} from './types';

const instantVectorResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('vector'),
    result: z.array(z.unknown()),
  }),
  warnings: z.array(z.string()).optional(),
});

/**
 * Checked by hand rather than by zod: a global of 10,000 edges answers a
 * cycle with some 60,000 samples, which zod took half a second of the
 * backend's CPU to check and copy.
 */
function isInstantSample(item: unknown): item is InstantSample {
  if (typeof item !== 'object' || item === null) return false;
  const { metric, value } = item as Record<string, unknown>;
  if (typeof metric !== 'object' || metric === null || Array.isArray(metric)) {
    return false;
  }
  for (const label in metric) {
    if (typeof (metric as Record<string, unknown>)[label] !== 'string') {
      return false;
    }
  }
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string'
  );
}

const errorResponse = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string().optional(),
});

/** Enough of an unexpected body to recognise it, never a whole page. */
const MAX_DETAIL = 200;
/** Shorter header values are no secrets, and hiding them would garble messages. */
const MIN_SECRET_LENGTH = 4;

/**
 * What the endpoint answered, fit for logs and for the health every catalog
 * user reads: brief, without control characters (a hostile body cannot
 * forge log lines), and without the endpoint's token and header values,
 * which proxies and error pages may echo back.
 */
function brief(text: string, endpoint: QueryEndpointConfig): string {
  const secrets = [endpoint.token, ...Object.values(endpoint.headers)].filter(
    (secret): secret is string =>
      secret !== undefined && secret.length >= MIN_SECRET_LENGTH,
  );
  const redacted = secrets.reduce(
    (result, secret) => result.split(secret).join('[redacted]'),
    text,
  );
  // eslint-disable-next-line no-control-regex
  const clean = redacted.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function transportError(
  error: unknown,
  endpoint: QueryEndpointConfig,
  timeout: AbortSignal,
  cancel: AbortSignal | undefined,
): PrometheusQueryError {
  if (timeout.aborted) {
    return new PrometheusQueryError(
      'timeout',
      `no answer within ${endpoint.timeoutMs / 1000} s`,
    );
  }
  if (cancel?.aborted) {
    return new PrometheusQueryError(
      'cancelled',
      'the poll was cancelled before the answer came',
    );
  }
  // fetch rejects with "fetch failed"; the cause says why (ECONNREFUSED,
  // ENOTFOUND…). Errors from undici may come from another realm than this
  // module's Error, so no instanceof.
  const messageOf = (value: unknown) => {
    const message = (value as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' && message ? message : undefined;
  };
  const reason =
    messageOf((error as { cause?: unknown } | undefined)?.cause) ??
    messageOf(error) ??
    String(error);
  return new PrometheusQueryError('unreachable', brief(reason, endpoint));
}

function httpError(
  response: Response,
  text: string,
  endpoint: QueryEndpointConfig,
): PrometheusQueryError {
  const status = `HTTP ${response.status}${
    response.statusText ? ` ${response.statusText}` : ''
  }`;
  const prometheusError = errorResponse.safeParse(parseJson(text));
  if (prometheusError.success) {
    const { errorType, error } = prometheusError.data;
    return new PrometheusQueryError(
      'query',
      `Prometheus rejected the query with ${status}${
        errorType ? ` (${errorType})` : ''
      }: ${brief(error ?? 'no message', endpoint)}`,
    );
  }
  if (response.status >= 300 && response.status < 400) {
    return new PrometheusQueryError(
      'http',
      `answered ${status}: redirects are not followed, configure the final URL`,
    );
  }
  return new PrometheusQueryError('http', `answered ${status}`);
}

/**
 * Queries Prometheus' HTTP API with `fetch`: `POST /api/v1/query` (no URL
 * length limit for long PromQL), the endpoint's timeout, headers and bearer
 * token, and a strict check that the answer is an instant vector. Headers and
 * token never appear in errors.
 *
 * @public
 */
export class FetchPrometheusQueryClient implements PrometheusQueryClient {
  async instantQuery(
    endpoint: QueryEndpointConfig,
    { promql, time, signal }: InstantQueryRequest,
  ): Promise<InstantVectorResponse> {
    const timeout = AbortSignal.timeout(endpoint.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${endpoint.url}/api/v1/query`, {
        method: 'POST',
        headers: {
          ...endpoint.headers,
          ...(endpoint.token
            ? { Authorization: `Bearer ${endpoint.token}` }
            : {}),
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          query: promql,
          time: (time.getTime() / 1000).toFixed(3),
        }),
        // A redirect could carry the credentials to a host nobody configured.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      throw transportError(error, endpoint, timeout, signal);
    }

    if (!response.ok) {
      throw httpError(response, text, endpoint);
    }
    const body = parseJson(text);
    if (body === undefined) {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new PrometheusQueryError(
        'invalid-response',
        `answered with a body that is not JSON (${brief(
          type,
          endpoint,
        )}): ${brief(text, endpoint)}`,
      );
    }
    const prometheusError = errorResponse.safeParse(body);
    if (prometheusError.success) {
      throw httpError(response, text, endpoint);
    }
    const parsed = instantVectorResponse.safeParse(body);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      throw new PrometheusQueryError(
        'invalid-response',
        `answered with something other than an instant vector: ${
          issue.path.join('.') || 'body'
        }: ${issue.message}`,
      );
    }
    const { result } = parsed.data.data;
    const invalid = result.findIndex(item => !isInstantSample(item));
    if (invalid >= 0) {
      throw new PrometheusQueryError(
        'invalid-response',
        `answered with something other than an instant vector: data.result.${invalid}: not a sample { metric: { label: "value" }, value: [time, "number"] }`,
      );
    }
    return {
      ...parsed.data,
      data: { resultType: 'vector', result: result as InstantSample[] },
    };
  }
}
