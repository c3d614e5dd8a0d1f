import { ResponseError } from '@backstage/errors';
import { PrometheusFleetClient } from './PrometheusFleetClient';

const BASE_URL = 'http://backstage.test/api/prometheus-fleet';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function setup(response: Response) {
  const fetch = jest.fn().mockResolvedValue(response);
  const getBaseUrl = jest.fn().mockResolvedValue(BASE_URL);
  const client = new PrometheusFleetClient({
    discoveryApi: { getBaseUrl },
    fetchApi: { fetch },
  });
  return { client, fetch, getBaseUrl };
}

describe('PrometheusFleetClient', () => {
  it('lists clusters through the fetch API at the discovered base URL', async () => {
    const { client, fetch, getBaseUrl } = setup(
      jsonResponse({ items: [{ ref: 'resource:default/edge-1' }] }),
    );

    await expect(client.listClusters()).resolves.toEqual([
      { ref: 'resource:default/edge-1' },
    ]);
    expect(getBaseUrl).toHaveBeenCalledWith('prometheus-fleet');
    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/clusters`);
  });

  it('encodes the namespace and name of one cluster', async () => {
    const { client, fetch } = setup(jsonResponse({ ref: 'x' }));

    await client.getCluster({ namespace: 'team a', name: 'edge/1' });

    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/clusters/team%20a/edge%2F1`,
    );
  });

  it('asks for values as JSON', async () => {
    const { client, fetch } = setup(jsonResponse({ yaml: 'a: 1' }));

    await expect(
      client.getValues({ namespace: 'default', name: 'edge-1' }),
    ).resolves.toEqual({ yaml: 'a: 1' });
    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/clusters/default/edge-1/values?format=json`,
    );
  });

  it('sends the health window as ISO 8601 times', async () => {
    const { client, fetch } = setup(jsonResponse({ history: [] }));

    await client.getHealth(
      { namespace: 'default', name: 'edge-1' },
      {
        from: new Date('2025-01-01T00:00:00Z'),
        to: new Date('2025-01-01T01:00:00Z'),
      },
    );

    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/clusters/default/edge-1/health?from=2025-01-01T00%3A00%3A00.000Z&to=2025-01-01T01%3A00%3A00.000Z`,
    );
  });

  it('lists problems', async () => {
    const problem = {
      ref: 'resource:default/edge-1',
      code: 'unknown-role',
      message: 'bad role',
      severity: 'error',
    };
    const { client, fetch } = setup(jsonResponse({ items: [problem] }));

    await expect(client.listProblems()).resolves.toEqual([problem]);
    expect(fetch).toHaveBeenCalledWith(`${BASE_URL}/problems`);
  });

  it('asks whether a name and a cluster label are free, leaving out what is not asked', async () => {
    const verdict = { name: { value: 'edge-eu-3', status: 'available' } };
    const { client, fetch } = setup(jsonResponse(verdict));

    await expect(
      client.checkAvailability({ name: 'edge-eu-3', clusterLabel: undefined }),
    ).resolves.toEqual(verdict);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE_URL}/availability?name=edge-eu-3`,
    );
  });

  it('turns error responses into ResponseErrors that keep status and message', async () => {
    const { client } = setup(
      jsonResponse(
        {
          error: {
            name: 'ConflictError',
            message: 'edge-1 has blocking problems',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );

    const error = await client
      .getValues({ namespace: 'default', name: 'edge-1' })
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe('edge-1 has blocking problems');
  });
});
