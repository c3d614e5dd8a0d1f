import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { prometheusFleetPlugin } from './plugin';
import {
  clusterEntity,
  edgeEntity,
  globalEntity,
} from './__testUtils__/clusterEntities';

const labelled = clusterEntity('edge-eu-2', {
  'prometheus-fleet.io/role': 'edge',
  'prometheus-fleet.io/global': 'resource:default/global-eu',
  'prometheus-fleet.io/cluster-label': 'eu-two',
});
const database: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/platform' },
};
const entities = [
  globalEntity('global-eu', 'global-eu'),
  edgeEntity('edge-eu-1', 'global-eu'),
  labelled,
  database,
];

describe('GET /availability', () => {
  let backend: TestBackend;
  let api: ReturnType<typeof request>;
  const whole = catalogServiceMock({ entities });
  const catalog = catalogServiceMock.mock({
    streamEntities: req => whole.streamEntities(req),
    queryEntities: req => whole.queryEntities(req),
    getEntityByRef: ref => whole.getEntityByRef(ref),
  });

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        prometheusFleetPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            prometheusFleet: {
              queryEndpoints: [
                { name: 'global-eu', url: 'http://127.0.0.1:9090' },
              ],
            },
          },
        }),
      ],
    });
    api = request(backend.server);
  });

  afterAll(() => backend.stop());

  const ask = (query: Record<string, string>) =>
    api
      .get('/api/prometheus-fleet/availability')
      .query(query)
      .set('Authorization', mockCredentials.user.header());

  it('finds a new name free, and its defaulted label too', async () => {
    const res = await ask({ name: 'edge-eu-3' });

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      name: { value: 'edge-eu-3', status: 'available' },
      clusterLabel: {
        value: 'edge-eu-3',
        status: 'available',
        defaulted: true,
      },
    });
  });

  it('finds a name taken by any Resource of the catalog, not only clusters', async () => {
    const res = await ask({ name: 'orders-db', clusterLabel: 'orders' });

    expect(res.body.name).toEqual({
      value: 'orders-db',
      status: 'taken',
      takenBy: 'resource:default/orders-db',
      message:
        'resource:default/orders-db already exists in the catalog: choose another name.',
      fieldMessage:
        'is taken: resource:default/orders-db already exists in the catalog',
    });
    expect(res.body.clusterLabel.status).toBe('available');
  });

  it('finds a label another cluster of the fleet carries', async () => {
    const res = await ask({ clusterLabel: 'eu-two' });

    expect(res.body).toEqual({
      clusterLabel: {
        value: 'eu-two',
        defaulted: false,
        status: 'taken',
        takenBy: 'resource:default/edge-eu-2',
        message:
          'Cluster label "eu-two" is already used by resource:default/edge-eu-2: choose another one.',
        fieldMessage:
          'is already used by resource:default/edge-eu-2: choose another one',
      },
    });
  });

  it('says which characters are allowed, in words', async () => {
    const res = await ask({ name: 'edge eu 3' });

    expect(res.body.name).toEqual({
      value: 'edge eu 3',
      status: 'invalid',
      message:
        'Name "edge eu 3" is not a valid entity name: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit.',
      fieldMessage:
        'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    });
  });

  it('looks the name up with the caller’s credentials', async () => {
    await ask({ name: 'edge-eu-9' });

    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'resource:default/edge-eu-9',
      {
        credentials: mockCredentials.user(),
      },
    );
  });

  it('needs a name or a cluster label', async () => {
    const res = await ask({ name: ' ' });

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Invalid request: name: give a name, a clusterLabel or both',
    );
  });

  it('serves users only', async () => {
    const res = await api
      .get('/api/prometheus-fleet/availability')
      .query({ name: 'edge-eu-3' })
      .set('Authorization', mockCredentials.service.header());

    expect(res.status).toBe(403);
  });
});
