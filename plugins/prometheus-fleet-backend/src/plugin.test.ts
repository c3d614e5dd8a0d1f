import {
  BackendFeature,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { prometheusFleetPlugin } from './plugin';
import { conditionalPermissions } from './__testUtils__/conditionalPermissions';

function cluster(
  name: string,
  annotations: Record<string, string>,
  spec: JsonObject = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform',
      ...spec,
    },
  };
}

const globalEu = cluster('global-eu', {
  'prometheus-fleet.io/role': 'global',
  'prometheus-fleet.io/remote-write-url':
    'https://prom.global-eu.example.com/api/v1/write',
  'prometheus-fleet.io/query-endpoint': 'global-eu',
});
const globalUs = cluster('global-us', {
  'prometheus-fleet.io/role': 'global',
  'prometheus-fleet.io/remote-write-url':
    'https://prom.global-us.example.com/api/v1/write',
  'prometheus-fleet.io/query-endpoint': 'global-us',
});
const edgeEu = cluster('edge-eu-1', {
  'prometheus-fleet.io/role': 'edge',
  'prometheus-fleet.io/global': 'resource:default/global-eu',
});
const edgeWithBadLabel = cluster('edge-bad', {
  'prometheus-fleet.io/role': 'edge',
  'prometheus-fleet.io/global': 'global-eu',
  'prometheus-fleet.io/cluster-label': 'not a label!',
});
const clusterWithUnknownRole = cluster('legacy', {
  'prometheus-fleet.io/role': 'primary',
});
const clusterOutsideFleet = cluster('lab', {});
const componentWithRole: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    annotations: { 'prometheus-fleet.io/role': 'edge' },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const catalog = [
  globalEu,
  globalUs,
  edgeEu,
  edgeWithBadLabel,
  clusterWithUnknownRole,
  clusterOutsideFleet,
  componentWithRole,
];

const config = {
  prometheusFleet: {
    queryEndpoints: [{ name: 'global-eu', url: 'http://127.0.0.1:9090' }],
    chart: { namespace: 'observability' },
    remoteWrite: { queueConfig: { maxShards: 50 } },
  },
};

const backends: TestBackend[] = [];

async function startBackend(
  catalogService: BackendFeature = catalogServiceMock.factory({
    entities: catalog,
  }),
  data: JsonObject = config,
  ...services: BackendFeature[]
) {
  const backend = await startTestBackend({
    features: [
      prometheusFleetPlugin,
      catalogService,
      mockServices.rootConfig.factory({ data }),
      ...services,
    ],
  });
  backends.push(backend);
  return request(backend.server);
}

afterAll(async () => {
  await Promise.all(backends.map(backend => backend.stop()));
});

describe('prometheusFleetPlugin', () => {
  let api: Awaited<ReturnType<typeof startBackend>>;

  beforeAll(async () => {
    api = await startBackend();
  });

  describe('GET /clusters', () => {
    it('lists the fleet clusters in name order, without rejected entities', async () => {
      const res = await api.get('/api/prometheus-fleet/clusters');

      expect(res.status).toBe(200);
      expect(res.body.items.map((c: { ref: string }) => c.ref)).toEqual([
        'resource:default/edge-bad',
        'resource:default/edge-eu-1',
        'resource:default/global-eu',
        'resource:default/global-us',
      ]);
      expect(res.body.items[1]).toEqual({
        ref: 'resource:default/edge-eu-1',
        namespace: 'default',
        name: 'edge-eu-1',
        role: 'edge',
        global: 'resource:default/global-eu',
        clusterLabel: 'edge-eu-1',
        owner: 'group:default/platform',
        problems: [],
      });
    });

    it('sends the list gzipped to clients that accept it, as plain JSON to others', async () => {
      const gzipped = await api
        .get('/api/prometheus-fleet/clusters')
        .set('Accept-Encoding', 'gzip');
      const plain = await api
        .get('/api/prometheus-fleet/clusters')
        .set('Accept-Encoding', 'identity');

      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['content-type']).toMatch(/^application\/json/);
      expect(gzipped.body.items).toHaveLength(4);
      expect(gzipped.body).toEqual(plain.body);
    });

    it('answers 304 to a client that already has the list', async () => {
      const first = await api.get('/api/prometheus-fleet/clusters');
      const again = await api
        .get('/api/prometheus-fleet/clusters')
        .set('If-None-Match', first.headers.etag);

      expect(first.headers.etag).toMatch(/^W\/"/);
      expect(again.status).toBe(304);
    });

    it('checks query endpoints against the configured ones', async () => {
      const res = await api.get('/api/prometheus-fleet/clusters');

      const us = res.body.items.find(
        (c: { name: string }) => c.name === 'global-us',
      );
      expect(us.problems).toEqual([
        expect.objectContaining({
          code: 'unknown-query-endpoint',
          message: expect.stringContaining('(configured: global-eu)'),
        }),
      ]);
    });
  });

  describe('GET /clusters/:namespace/:name', () => {
    it('returns one cluster', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/global-eu',
      );

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ref: 'resource:default/global-eu',
        role: 'global',
        clusterLabel: 'global-eu',
        problems: [],
      });
    });

    it('returns 404 for a cluster not in the catalog', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/nowhere',
      );

      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No cluster resource:default/nowhere in the catalog.',
      });
    });

    it('returns 404 saying why an entity is rejected from the fleet', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/legacy',
      );

      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'resource:default/legacy is not in the fleet: Annotation prometheus-fleet.io/role is "primary"; use global or edge.',
      );
    });

    it('returns 404 saying a cluster has no role', async () => {
      const res = await api.get('/api/prometheus-fleet/clusters/default/lab');

      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        'has no prometheus-fleet.io/role annotation',
      );
    });

    it.each([
      ['name', '/clusters/default/-edge-'],
      ['namespace', '/clusters/Not_A_Namespace/edge-eu-1'],
      ['name', '/clusters/default/-edge-/values'],
    ])('returns 400 for an invalid %s in %s', async (param, path) => {
      const res = await api.get(`/api/prometheus-fleet${path}`);

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'InputError' });
      expect(res.body.error.message).toContain(`${param}: not a valid entity`);
    });
  });

  describe('GET /clusters/:namespace/:name/values', () => {
    it('returns the YAML as a file by default', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/edge-eu-1/values',
      );

      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/yaml/);
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="values-edge-eu-1.yaml"',
      );
      expect(res.text).toContain('agentMode: true');
      expect(res.text).toContain(
        'url: https://prom.global-eu.example.com/api/v1/write',
      );
    });

    it('returns values, file name and helm command as JSON, with config applied', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/edge-eu-1/values?format=json',
      );

      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        ref: 'resource:default/edge-eu-1',
        role: 'edge',
        clusterLabel: 'edge-eu-1',
        chartVersion: '88.5.3',
        fileName: 'values-edge-eu-1.yaml',
        yaml: expect.stringContaining('agentMode: true'),
        helmCommand: expect.stringContaining(
          '--version 88.5.3 --namespace observability',
        ),
      });
      expect(res.body.values.prometheus.prometheusSpec.remoteWrite).toEqual([
        expect.objectContaining({ queueConfig: { maxShards: 50 } }),
      ]);
    });

    it('returns 400 for an unknown format', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/edge-eu-1/values?format=xml',
      );

      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid request: format: must be yaml or json',
      );
    });

    it('returns 409 with the problems when the cluster is blocked', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/edge-bad/values',
      );

      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
      expect(res.body.error.message).toContain(
        'Cannot generate values for resource:default/edge-bad: Cluster label "not a label!" is not a valid label value',
      );
    });

    it('returns 404 for a cluster not in the catalog', async () => {
      const res = await api.get(
        '/api/prometheus-fleet/clusters/default/nowhere/values',
      );

      expect(res.status).toBe(404);
    });
  });

  describe('GET /problems', () => {
    it('lists the problems of clusters and rejected entities', async () => {
      const res = await api.get('/api/prometheus-fleet/problems');

      expect(res.status).toBe(200);
      expect(
        res.body.items.map((p: { ref: string; code: string }) => [
          p.ref,
          p.code,
        ]),
      ).toEqual([
        ['resource:default/edge-bad', 'invalid-cluster-label'],
        ['resource:default/global-us', 'unknown-query-endpoint'],
        ['resource:default/legacy', 'unknown-role'],
        ['component:default/payments', 'not-a-cluster'],
      ]);
    });
  });

  it('leaves out entities whose ref the catalog would not accept', async () => {
    // A catalog validates names; a CatalogService that does not must not get
    // a ref into the fleet that the API cannot address nor the store hold.
    const unaddressable = [
      cluster('e'.repeat(300), {
        'prometheus-fleet.io/role': 'edge',
        'prometheus-fleet.io/cluster-label': 'edge-long',
      }),
      cluster('edge\u0000nul', {
        'prometheus-fleet.io/role': 'edge',
        'prometheus-fleet.io/cluster-label': 'edge-nul',
      }),
    ];
    const withThem = await startBackend(
      catalogServiceMock.factory({ entities: [...catalog, ...unaddressable] }),
    );

    const res = await withThem.get('/api/prometheus-fleet/clusters');
    expect(res.body.items.map((c: { ref: string }) => c.ref)).toEqual([
      'resource:default/edge-bad',
      'resource:default/edge-eu-1',
      'resource:default/global-eu',
      'resource:default/global-us',
    ]);
  });

  describe('authentication', () => {
    const routes = [
      '/clusters',
      '/clusters/default/edge-eu-1',
      '/clusters/default/edge-eu-1/values',
      '/problems',
    ];

    it.each(routes)('rejects unauthenticated requests to %s', async route => {
      const res = await api
        .get(`/api/prometheus-fleet${route}`)
        .set('Authorization', mockCredentials.none.header());

      expect(res.status).toBe(401);
    });

    it.each(routes)(
      'rejects service principals on %s, which would see every entity',
      async route => {
        const res = await api
          .get(`/api/prometheus-fleet${route}`)
          .set('Authorization', mockCredentials.service.header());

        expect(res.status).toBe(403);
      },
    );
  });

  describe('visibility', () => {
    function userRefOf(credentials: BackstageCredentials): string | undefined {
      const principal = credentials.principal as {
        type?: string;
        userEntityRef?: string;
      };
      return principal.type === 'user' ? principal.userEntityRef : undefined;
    }

    /**
     * A catalog that, like the real one, only returns what the caller may
     * read; the plugin's own service credentials read all of it.
     */
    function catalogVisibleTo(visible: Record<string, Entity[]>) {
      return catalogServiceMock.mock({
        streamEntities: (req, options) => {
          const credentials =
            options && 'credentials' in options
              ? options.credentials
              : undefined;
          const user = credentials && userRefOf(credentials);
          const entities =
            (credentials?.principal as { type?: string })?.type === 'service'
              ? catalog
              : (user && visible[user]) || [];
          return catalogServiceMock({ entities }).streamEntities(req);
        },
      }).factory;
    }

    /** One user per quarter of the 2 × 2: reads the edge, the global, both or neither. */
    const both = 'user:default/alice';
    const edgeOnly = 'user:default/bob';
    const globalOnly = 'user:default/carol';
    const neither = 'user:default/dave';
    let permissionedApi: Awaited<ReturnType<typeof startBackend>>;
    const as = (user: string, path: string) =>
      permissionedApi
        .get(`/api/prometheus-fleet${path}`)
        .set('Authorization', mockCredentials.user.header(user));

    beforeAll(async () => {
      permissionedApi = await startBackend(
        catalogVisibleTo({
          [both]: [globalEu, edgeEu],
          [edgeOnly]: [edgeEu],
          [globalOnly]: [globalEu],
        }),
        config,
        conditionalPermissions(),
      );
    });

    it('reads the catalog once for every user the policy lets read all of it', async () => {
      const readers: BackstageCredentials[] = [];
      const whole = catalogServiceMock({ entities: catalog });
      const countingCatalog = catalogServiceMock.mock({
        streamEntities: (req, options) => {
          if (options && 'credentials' in options) {
            readers.push(options.credentials);
          }
          return whole.streamEntities(req);
        },
      }).factory;
      const sharedApi = await startBackend(countingCatalog);

      const asAlice = await sharedApi
        .get('/api/prometheus-fleet/clusters')
        .set('Authorization', mockCredentials.user.header(both));
      const asBob = await sharedApi
        .get('/api/prometheus-fleet/clusters')
        .set('Authorization', mockCredentials.user.header(edgeOnly));
      const oneCluster = await sharedApi
        .get('/api/prometheus-fleet/clusters/default/global-eu')
        .set('Authorization', mockCredentials.user.header(edgeOnly));

      expect(asAlice.body.items).toHaveLength(4);
      expect(asBob.body).toEqual(asAlice.body);
      expect(oneCluster.status).toBe(200);
      expect(readers.map(r => (r.principal as { type: string }).type)).toEqual([
        'service',
      ]);
    });

    it('lists only the clusters each caller may read, from the one fleet', async () => {
      const names = async (user: string) =>
        (await as(user, '/clusters')).body.items.map(
          (c: { name: string }) => c.name,
        );
      expect(await names(both)).toEqual(['edge-eu-1', 'global-eu']);
      expect(await names(edgeOnly)).toEqual(['edge-eu-1']);
      expect(await names(globalOnly)).toEqual(['global-eu']);
      expect(await names(neither)).toEqual([]);
    });

    it("gives an edge's reader the same edge, values and problems whether or not they may read its global", async () => {
      const [edgeAsBoth, edgeAsEdgeOnly] = await Promise.all(
        [both, edgeOnly].map(user => as(user, '/clusters/default/edge-eu-1')),
      );
      expect(edgeAsEdgeOnly.status).toBe(200);
      expect(edgeAsEdgeOnly.body.problems).toEqual([]);
      // The only difference: the global is named, not linked.
      expect(edgeAsEdgeOnly.body).toEqual({
        ...edgeAsBoth.body,
        globalReadable: false,
      });
      expect(edgeAsBoth.body).not.toHaveProperty('globalReadable');

      for (const path of [
        '/clusters/default/edge-eu-1/values',
        '/clusters/default/edge-eu-1/values?format=json',
        '/clusters/default/edge-eu-1/health?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z',
      ]) {
        const [asBoth, asEdgeOnly] = await Promise.all(
          [both, edgeOnly].map(user => as(user, path)),
        );
        expect([path, asEdgeOnly.status]).toEqual([path, 200]);
        expect(asEdgeOnly.text).toBe(asBoth.text);
      }
      const values = await as(edgeOnly, '/clusters/default/edge-eu-1/values');
      expect(values.text).toContain(
        'url: https://prom.global-eu.example.com/api/v1/write',
      );

      const problemsOf = async (user: string) =>
        (await as(user, '/problems')).body.items.filter(
          (p: { ref: string }) => p.ref === 'resource:default/edge-eu-1',
        );
      expect(await problemsOf(edgeOnly)).toEqual(await problemsOf(both));
    });

    it('answers 404 for every cluster the caller may not read, as for one that does not exist', async () => {
      const quarters: Array<[string, string, number]> = [
        [both, 'edge-eu-1', 200],
        [both, 'global-eu', 200],
        [edgeOnly, 'edge-eu-1', 200],
        [edgeOnly, 'global-eu', 404],
        [globalOnly, 'edge-eu-1', 404],
        [globalOnly, 'global-eu', 200],
        [neither, 'edge-eu-1', 404],
        [neither, 'global-eu', 404],
      ];
      for (const [user, name, status] of quarters) {
        for (const suffix of ['', '/values', '/health']) {
          const res = await as(user, `/clusters/default/${name}${suffix}`);
          const answer =
            res.status === 404 ? res.body.error.message : res.status;
          expect([user, name, suffix, answer]).toEqual([
            user,
            name,
            suffix,
            status === 404
              ? `No cluster resource:default/${name} in the catalog.`
              : status,
          ]);
        }
      }
    });

    it('shows a global its reader may read with its edges hidden, and no problem of theirs', async () => {
      const problems = await as(globalOnly, '/problems');
      expect(
        problems.body.items.filter(
          (p: { ref: string }) => p.ref !== 'resource:default/global-eu',
        ),
      ).toEqual([]);
    });
  });

  it('fails to start with a config error naming the key', async () => {
    await expect(
      startBackend(undefined, {
        prometheusFleet: { chart: { version: 'latest' } },
      }),
    ).rejects.toThrow(
      `Invalid config at 'prometheusFleet.chart.version': "latest" is not a chart version such as 88.5.3`,
    );
  });
});
