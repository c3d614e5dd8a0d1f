import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  requestsPerSecond: number;
  /** Bytes of one response on the wire, as the last one came. */
  responseBytes: number;
  contentEncoding: string;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

interface Answer {
  status: number;
  bytes: number;
  encoding: string;
}

function get(
  agent: http.Agent,
  url: URL,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, res => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          encoding: String(res.headers['content-encoding'] ?? 'identity'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * Closed-loop load: `clients` clients, each a different user, each sending
 * its next request as soon as the last one is answered, for `seconds`. The
 * body is read to its end but not parsed, as a browser's network stack
 * would before handing it over; headers are a browser's.
 */
export async function loadFleetApi(options: {
  url: string;
  clients: number;
  seconds: number;
  userToken: (client: number) => string;
}): Promise<LoadResult> {
  const url = new URL(options.url);
  const latencies: number[] = [];
  let errors = 0;
  let last: Answer | undefined;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const client = async (index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = {
      Authorization: `Bearer ${options.userToken(index)}`,
      Accept: 'application/json',
      'Accept-Encoding': 'gzip, deflate, br',
    };
    try {
      while (performance.now() < deadline) {
        const sent = performance.now();
        try {
          const answer = await get(agent, url, headers);
          if (answer.status !== 200) {
            errors += 1;
            continue;
          }
          latencies.push(performance.now() - sent);
          last = answer;
        } catch {
          errors += 1;
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(
    Array.from({ length: options.clients }, (_, i) => client(i)),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    requestsPerSecond: latencies.length / elapsed,
    responseBytes: last?.bytes ?? 0,
    contentEncoding: last?.encoding ?? '-',
  };
}
