import {
  answerJson,
  closedPort,
  FakePrometheus,
  startFakePrometheus,
  vectorBody,
} from './testUtils';
import { FetchPrometheusQueryClient } from './FetchPrometheusQueryClient';
import { PrometheusQueryError, QueryEndpointConfig } from './types';

const TIME = new Date('2026-01-10T12:00:00.250Z');
const SAMPLE = {
  metric: { cluster: 'edge-eu-1', remote_name: 'fleet-eu', url: 'http://g' },
  value: [1768046400.25, '1.5'],
};

describe('FetchPrometheusQueryClient', () => {
  const client = new FetchPrometheusQueryClient();
  let fake: FakePrometheus;

  beforeEach(async () => {
    fake = await startFakePrometheus();
  });

  afterEach(() => fake.close());

  function endpoint(
    overrides: Partial<QueryEndpointConfig> = {},
  ): QueryEndpointConfig {
    return {
      name: 'global-eu',
      url: fake.url,
      headers: {},
      timeoutMs: 2000,
      ...overrides,
    };
  }

  async function failure(
    query: Promise<unknown>,
  ): Promise<PrometheusQueryError> {
    try {
      await query;
    } catch (error) {
      if (error instanceof PrometheusQueryError) return error;
      throw error;
    }
    throw new Error('Expected the query to fail');
  }

  const query = (config = endpoint(), signal?: AbortSignal) =>
    client.instantQuery(config, { promql: 'up', time: TIME, signal });

  it('POSTs the query at the given time with the configured headers and token, and returns the vector', async () => {
    fake.respond = answerJson(vectorBody([SAMPLE]));

    const response = await query(
      endpoint({ headers: { 'X-Scope-OrgID': 'fleet' }, token: 's3cret' }),
    );

    expect(response).toEqual(vectorBody([SAMPLE]));
    expect(fake.received).toHaveLength(1);
    const [received] = fake.received;
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/api/v1/query');
    expect(Object.fromEntries(received.params)).toEqual({
      query: 'up',
      time: '1768046400.250',
    });
    expect(received.headers).toMatchObject({
      'x-scope-orgid': 'fleet',
      authorization: 'Bearer s3cret',
      'content-type': 'application/x-www-form-urlencoded',
    });
  });

  it('keeps a base path of the endpoint URL', async () => {
    await query(endpoint({ url: `${fake.url}/prometheus` }));
    expect(fake.received[0].path).toBe('/prometheus/api/v1/query');
  });

  it('reports a refused connection as unreachable', async () => {
    const port = await closedPort();
    const error = await failure(
      query(endpoint({ url: `http://127.0.0.1:${port}` })),
    );
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('gives up after the endpoint timeout', async () => {
    fake.respond = () => {
      // Never answers.
    };
    const started = Date.now();
    const error = await failure(query(endpoint({ timeoutMs: 300 })));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('no answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when the poll is cancelled', async () => {
    fake.respond = () => {};
    const controller = new AbortController();
    const pending = query(endpoint(), controller.signal);
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).kind).toBe('cancelled');
  });

  it('reports an HTTP error status without the body', async () => {
    fake.respond = (_q, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>bad gateway</html>');
    };
    const error = await failure(query());
    expect(error.kind).toBe('http');
    expect(error.message).toBe('answered HTTP 502 Bad Gateway');
  });

  it("reports Prometheus' own error with its type and message", async () => {
    fake.respond = answerJson(
      {
        status: 'error',
        errorType: 'bad_data',
        error: 'invalid parameter "query": 1:1: parse error',
      },
      400,
    );
    const error = await failure(query());
    expect(error.kind).toBe('query');
    expect(error.message).toBe(
      'Prometheus rejected the query with HTTP 400 Bad Request (bad_data): invalid parameter "query": 1:1: parse error',
    );
  });

  it('does not follow redirects, which could carry the token elsewhere', async () => {
    const elsewhere = await startFakePrometheus();
    try {
      fake.respond = (_q, res) => {
        res.writeHead(302, { Location: `${elsewhere.url}/api/v1/query` });
        res.end();
      };
      const error = await failure(query(endpoint({ token: 's3cret' })));
      expect(error.kind).toBe('http');
      expect(error.message).toContain('redirects are not followed');
      expect(elsewhere.received).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('reports a body that is not JSON', async () => {
    fake.respond = (_q, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>login</html>');
    };
    const error = await failure(query());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toBe(
      'answered with a body that is not JSON (text/html): <html>login</html>',
    );
  });

  it.each([
    [
      'a matrix',
      { status: 'success', data: { resultType: 'matrix', result: [] } },
      'data.resultType',
    ],
    [
      'a value that is not a string',
      vectorBody([{ metric: {}, value: [1, 2] }]),
      'data.result.0',
    ],
    [
      'a label that is not a string',
      vectorBody([{ metric: { cluster: 1 }, value: [1, '2'] }]),
      'data.result.0',
    ],
    ['no data', { status: 'success' }, 'data'],
  ])('rejects %s as not an instant vector', async (_case, body, path) => {
    fake.respond = answerJson(body);
    const error = await failure(query());
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain(
      `answered with something other than an instant vector: ${path}:`,
    );
  });

  it.each<[string, (got: string) => FakePrometheus['respond']]>([
    [
      'a Prometheus error',
      got => answerJson({ status: 'error', error: `denied: ${got}` }, 403),
    ],
    [
      'a page that is not JSON',
      got => (_query, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<pre>${got}</pre>`);
      },
    ],
  ])(
    'never puts the token or header values in its errors, even when %s echoes them',
    async (_, echo) => {
      fake.respond = (received, res) =>
        echo(
          `${received.headers.authorization} ${received.headers['x-api-key']}`,
        )(received, res);
      const error = await failure(
        query(
          endpoint({ token: 'tok-123', headers: { 'X-Api-Key': 'key-456' } }),
        ),
      );
      expect(error.message).toContain('Bearer [redacted] [redacted]');
      expect(error.message).not.toMatch(/tok-123|key-456/);
    },
  );
});
