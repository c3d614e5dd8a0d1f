/** One series of an instant-vector result of the Prometheus HTTP API. */
export interface InstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** The body of `GET /api/v1/query`, as Prometheus sends it. */
export interface InstantQueryResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: InstantSample[] };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export async function instantQueryResponse(
  baseUrl: string,
  promql: string,
): Promise<InstantQueryResponse> {
  const url = `${baseUrl}/api/v1/query?${new URLSearchParams({
    query: promql,
  })}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return (await response.json()) as InstantQueryResponse;
}

/** Instant-vector samples of a query; query errors throw. */
export async function instantQuery(
  baseUrl: string,
  promql: string,
): Promise<InstantSample[]> {
  const body = await instantQueryResponse(baseUrl, promql);
  if (body.status !== 'success' || body.data?.resultType !== 'vector') {
    throw new Error(
      `Query ${promql} failed: ${body.errorType ?? body.data?.resultType}: ${
        body.error ?? ''
      }`,
    );
  }
  return body.data.result;
}

/** Polls until `probe` returns a value, or fails naming what it waited for. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  {
    timeoutMs = 30_000,
    intervalMs = 500,
  }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs / 1000}s waiting for ${what}${
          lastError ? ` (last error: ${lastError})` : ''
        }`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/**
 * Sum of every series of a metric in a Prometheus's own /metrics, for what
 * cannot be asked through the global: an agent whose writes never arrive.
 */
export async function scrapedMetricSum(
  baseUrl: string,
  name: string,
): Promise<number | undefined> {
  const response = await fetch(`${baseUrl}/metrics`, {
    signal: AbortSignal.timeout(5000),
  });
  const values = (await response.text())
    .split('\n')
    .filter(line => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .map(line => Number(line.slice(line.lastIndexOf(' ') + 1)));
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}
