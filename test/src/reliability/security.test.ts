import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { loadConfigSchema } from '@backstage/config-loader';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { ClusterView } from 'backstage-plugin-prometheus-fleet-common';
import { stringify } from 'yaml';
import { CapturingLogger } from '../integration/capturingLogger';
import { waitFor } from '../rig/prometheusApi';
import { FakeGlobal, startFakeGlobal } from './__testUtils__/fakeGlobal';
import { printFigure } from './__testUtils__/figures';
import { clusterEntity, rigCatalog } from '../rig/rigCatalog';
import { loadHostileCorpus } from './__testUtils__/hostileCorpus';
import {
  RecordingServer,
  startRecordingServer,
} from './__testUtils__/recordingServer';
import {
  ReliabilityBackend,
  startReliabilityBackend,
} from './__testUtils__/reliabilityBackend';
import {
  pollingConfig,
  RELIABILITY_WINDOWS,
} from './__testUtils__/pollingConfig';

/**
 * The backend calls only the query endpoints app-config names, whatever URLs
 * the catalog holds; their credentials reach no log line, API response or
 * values, even when an endpoint echoes them; and a caller sees only the
 * clusters they may read in the catalog.
 */

const API = '/api/prometheus-fleet';
const ENDPOINT = 'corpus-global';
const EDGES = ['edge-good-1', 'edge-good-2'];
const WRITE_URL = 'https://prom.global-eu.example.com/api/v1/write';

const print = (text: string) => printFigure('security', text);

const queryConfig = (global: FakeGlobal, extra: object = {}) =>
  pollingConfig({ name: ENDPOINT, url: global.url, timeout: '2s', ...extra });

/** Every route for every cluster, as one user; the responses as text. */
async function everyRoute(
  backend: ReliabilityBackend,
  entities: Entity[],
  authorization?: string,
): Promise<Array<{ path: string; status: number; text: string }>> {
  const paths = ['/clusters', '/problems'];
  for (const entity of entities) {
    const base = `/clusters/${encodeURIComponent(
      entity.metadata.namespace ?? 'default',
    )}/${encodeURIComponent(entity.metadata.name)}`;
    paths.push(base, `${base}/values`, `${base}/values?format=json`);
    paths.push(`${base}/health`);
  }
  const responses = [];
  for (const route of paths) {
    const req = backend.api.get(`${API}${route}`);
    const res = await (authorization
      ? req.set('Authorization', authorization)
      : req);
    responses.push({ path: route, status: res.status, text: res.text });
  }
  return responses;
}

describe('the backend calls only the configured query endpoints', () => {
  let recorder: RecordingServer;
  let global: FakeGlobal;
  let backend: ReliabilityBackend;

  afterAll(async () => {
    await backend?.stop();
    await global?.close();
    await recorder?.close();
  }, 60_000);

  it('never requests a URL an annotation names, while it polls the configured one', async () => {
    recorder = await startRecordingServer();
    global = await startFakeGlobal({
      edges: () => EDGES,
      remoteName: 'fleet-global-eu',
      writeUrl: WRITE_URL,
      windows: RELIABILITY_WINDOWS,
    });
    const corpus = loadHostileCorpus({ recorderUrl: recorder.url });
    const naming = corpus.filter(entry =>
      JSON.stringify(entry.entity ?? {}).includes(`127.0.0.1:${recorder.port}`),
    );
    const entities = [
      ...rigCatalog({
        globalName: 'global-eu',
        queryEndpoint: ENDPOINT,
        remoteWriteUrl: WRITE_URL,
        edgeNames: EDGES,
      }),
      ...corpus.flatMap(entry => (entry.entity ? [entry.entity] : [])),
    ];
    backend = await startReliabilityBackend({
      entities,
      prometheusFleet: queryConfig(global),
    });
    await waitFor(
      'five cycles',
      async () => (global.queries().length >= 30 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // Generating values and serving health must not fetch anything either.
    const responses = await everyRoute(backend, entities);

    expect(naming.length).toBeGreaterThanOrEqual(5);
    expect(recorder.requests).toEqual([]);
    expect(global.requests.length).toBeGreaterThanOrEqual(25);
    expect(responses.filter(r => r.status >= 500)).toEqual([]);
    print(
      `${
        naming.length
      } hostile entities name a recording server in annotations, links or dependsOn (remote-write URL, query endpoint, global, tenant, source location…): ${
        recorder.requests.length
      } requests reached it in ${global.queries().length / 5} poll cycles and ${
        responses.length
      } API requests, while the configured endpoint got ${
        global.requests.length
      }`,
    );
  }, 120_000);
});

describe('secrets of the query endpoints', () => {
  const token = 'tok-SECRET-5f3a9c1e';
  const apiKey = 'hdr-SECRET-8b1d2e4f';
  const secrets = [token, apiKey];
  let global: FakeGlobal;
  let backend: ReliabilityBackend;
  const logger = new CapturingLogger();
  /** How the global answers: as Prometheus, or echoing the credentials it got, as some proxies do. */
  let echo: 'off' | 'prometheus-error' | 'html' | 'unauthorized' = 'off';

  afterAll(async () => {
    await backend?.stop();
    await global?.close();
  }, 60_000);

  it('are secret in the config schema', async () => {
    const schema = await loadConfigSchema({
      dependencies: ['backstage-plugin-prometheus-fleet-backend'],
    });
    const config = {
      prometheusFleet: {
        queryEndpoints: [
          {
            name: ENDPOINT,
            url: 'http://prometheus:9090',
            token,
            headers: { 'X-Api-Key': apiKey },
          },
        ],
      },
    };
    const visible = (visibility: Array<'frontend' | 'backend' | 'secret'>) =>
      JSON.stringify(
        schema.process([{ data: config, context: 'test' }], {
          visibility,
          // Only this plugin's keys are given, not a whole app-config.
          ignoreSchemaErrors: true,
        }),
      );

    expect(visible(['secret'])).toContain(token);
    expect(visible(['secret'])).toContain(apiKey);
    expect(visible(['secret'])).not.toContain('http://prometheus:9090');
    expect(visible(['frontend'])).not.toContain('SECRET');
  }, 120_000);

  it('appear in no log line, API response or generated values, even when the endpoint echoes them', async () => {
    global = await startFakeGlobal({
      edges: () => EDGES,
      remoteName: 'fleet-global-eu',
      writeUrl: WRITE_URL,
      windows: RELIABILITY_WINDOWS,
      override: (request, res) => {
        const got = `${request.headers.authorization} ${request.headers['x-api-key']}`;
        switch (echo) {
          case 'prometheus-error':
            res.writeHead(400, { 'Content-Type': 'application/json' });
            res.end(
              JSON.stringify({
                status: 'error',
                errorType: 'bad_data',
                error: `credentials not accepted: ${got}`,
              }),
            );
            return true;
          case 'html':
            res.writeHead(200, { 'Content-Type': 'text/html' });
            res.end(`<html><pre>Request headers: ${got}</pre></html>`);
            return true;
          case 'unauthorized':
            res.writeHead(401, { 'Content-Type': 'text/plain' });
            res.end(`invalid credentials ${got}`);
            return true;
          default:
            return false;
        }
      },
    });
    const entities = rigCatalog({
      globalName: 'global-eu',
      queryEndpoint: ENDPOINT,
      remoteWriteUrl: WRITE_URL,
      edgeNames: EDGES,
    });
    backend = await startReliabilityBackend({
      entities,
      logger,
      prometheusFleet: queryConfig(global, {
        token,
        headers: { 'X-Api-Key': apiKey },
      }),
    });

    const fake = global;
    const responses = [];
    for (const mode of [
      'off',
      'prometheus-error',
      'html',
      'unauthorized',
    ] as const) {
      echo = mode;
      const sentBefore = fake.requests.length;
      // Two whole cycles in this mode.
      await waitFor(
        `two cycles answered in mode ${mode}`,
        async () =>
          fake.requests.length >= sentBefore + 15 ? true : undefined,
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      responses.push(...(await everyRoute(backend, entities)));
    }
    echo = 'off';

    const logText = logger.lines.map(line => JSON.stringify(line)).join('\n');
    const responseText = responses.map(r => r.text).join('\n');
    const leaks = secrets.flatMap(secret => [
      ...(logText.includes(secret) ? [`log: ${secret}`] : []),
      ...(responseText.includes(secret) ? [`API: ${secret}`] : []),
    ]);
    // The credentials were sent, and echoed back.
    expect(global.requests[0].headers.authorization).toBe(`Bearer ${token}`);
    expect(global.requests[0].headers['x-api-key']).toBe(apiKey);
    // What the echoing endpoint said still shows, without them.
    const health = JSON.parse(
      responses.filter(r => r.path === '/clusters').pop()!.text,
    ).items.find((c: ClusterView) => c.name === EDGES[0]).health;
    expect(health.status).toBe('unknown');
    expect(leaks).toEqual([]);
    print(
      `a token and a header value, echoed back by the endpoint in 3 ways (Prometheus error, HTML page, 401 body): found 0 times in ${logger.lines.length} log lines and ${responses.length} API responses (values included); the health reads "${health.reasons[0].message}"`,
    );
  }, 180_000);
});

describe('authentication and permissions', () => {
  let backend: ReliabilityBackend;
  let catalogDir: string;
  const alice = mockCredentials.user.header('user:default/alice');
  const bob = mockCredentials.user.header('user:default/bob');
  const carol = mockCredentials.user.header('user:default/carol');
  const hidden = 'edge-secret';
  /** The one entity each narrowed user may not read; everyone else reads all. */
  const hiddenFrom: Record<string, string> = {
    'user:default/alice': hidden,
    'user:default/carol': 'global-eu',
  };
  const hiddenFor = (credentials: BackstageCredentials) =>
    hiddenFrom[
      (credentials.principal as { userEntityRef?: string })?.userEntityRef ?? ''
    ];

  const canRead = (credentials: BackstageCredentials, ref?: string) =>
    ref !== `resource:default/${hiddenFor(credentials)}`;

  /**
   * The test's permission policy, as the catalog's permissions service: Alice
   * may read every entity but one edge, Carol every entity but the global,
   * everyone else everything. The catalog
   * turns the condition into its own query filter, as with the permission
   * backend; only the HTTP hop to that backend is left out, since the mock
   * auth services of the test backend cannot tell a user's request from a
   * plugin's request on the user's behalf, which conditional decisions need.
   */
  const permissionsPolicy = createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: (): PermissionsService => ({
      async authorize(requests, { credentials }) {
        return requests.map(request => ({
          result:
            !isPermission(request.permission, catalogEntityReadPermission) ||
            canRead(credentials, request.resourceRef)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }));
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(request =>
          isPermission(request.permission, catalogEntityReadPermission) &&
          hiddenFor(credentials)
            ? createCatalogConditionalDecision(request.permission, {
                not: catalogConditions.hasMetadata({
                  key: 'name',
                  value: hiddenFor(credentials),
                }),
              })
            : { result: AuthorizeResult.ALLOW },
        );
      },
    }),
  });

  const [globalEu, edgeOpen] = rigCatalog({
    globalName: 'global-eu',
    queryEndpoint: 'unconfigured',
    remoteWriteUrl: WRITE_URL,
    edgeNames: ['edge-open'],
  });
  // A warning of its own, to see that its problems stay hidden too.
  const edgeHidden = clusterEntity(hidden, {
    'prometheus-fleet.io/role': 'edge',
    'prometheus-fleet.io/global': 'resource:default/global-eu',
    'prometheus-fleet.io/remote-write-auth': 'none',
  });
  const entities = [globalEu, edgeOpen, edgeHidden];

  beforeAll(async () => {
    catalogDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fleet-catalog-'));
    const catalogFile = path.join(catalogDir, 'catalog.yaml');
    await fs.writeFile(
      catalogFile,
      entities.map(entity => stringify(entity)).join('---\n'),
    );
    backend = await startReliabilityBackend({
      defaultCredentials: mockCredentials.none(),
      prometheusFleet: { queryEndpoints: [] },
      config: {
        catalog: {
          rules: [{ allow: ['Resource', 'Location'] }],
          locations: [{ type: 'file', target: catalogFile }],
        },
      },
      features: [catalogPlugin, permissionsPolicy],
    });
    await waitFor(
      'the catalog to hold the fleet',
      async () => {
        const res = await backend.api
          .get(`${API}/clusters`)
          .set('Authorization', bob);
        return res.status === 200 && res.body.items.length === entities.length
          ? true
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  }, 150_000);

  afterAll(async () => {
    await backend?.stop();
    if (catalogDir) await fs.rm(catalogDir, { recursive: true, force: true });
  }, 60_000);

  it('answers 401 to requests without or with invalid credentials', async () => {
    const unauthenticated = [
      ...(await everyRoute(backend, entities)),
      ...(await everyRoute(backend, entities, 'Bearer not-a-token')),
    ];
    expect(new Set(unauthenticated.map(r => r.status))).toEqual(new Set([401]));
    print(
      `${unauthenticated.length} requests without credentials or with an invalid token, on every route: all 401`,
    );
  }, 60_000);

  it('hides a cluster from a user who cannot read it, as if it did not exist', async () => {
    const asAlice = await everyRoute(backend, entities, alice);
    const asBob = await everyRoute(backend, entities, bob);
    const status = (responses: typeof asAlice, route: string) =>
      responses.find(r => r.path === route)?.status;
    const base = `/clusters/default/${hidden}`;
    const clustersOf = (responses: typeof asAlice) =>
      JSON.parse(responses.find(r => r.path === '/clusters')!.text).items.map(
        (c: ClusterView) => c.name,
      );

    expect(clustersOf(asBob)).toContain(hidden);
    expect(clustersOf(asAlice)).not.toContain(hidden);
    expect(clustersOf(asAlice)).toContain('edge-open');
    for (const route of [base, `${base}/values`, `${base}/health`]) {
      expect([route, status(asAlice, route)]).toEqual([route, 404]);
      expect([route, status(asBob, route)]).toEqual([route, 200]);
    }
    const problemsOf = (responses: typeof asAlice) =>
      responses.find(r => r.path === '/problems')!.text;
    expect(problemsOf(asBob)).toContain(`resource:default/${hidden}`);
    expect(problemsOf(asAlice)).not.toContain(hidden);
    // The same answer as for a cluster that does not exist.
    const missing = await backend.api
      .get(`${API}/clusters/default/edge-nowhere/values`)
      .set('Authorization', alice);
    const hiddenValues = JSON.parse(
      asAlice.find(r => r.path === `${base}/values`)!.text,
    );
    expect(hiddenValues.error.message).toBe(
      missing.body.error.message.replace('edge-nowhere', hidden),
    );
    print(
      `the real catalog backend applying a permission policy that hides ${hidden} from alice: she gets 404 for its cluster, values and health (as for a cluster that does not exist) and does not see it in /clusters or /problems; bob gets 200`,
    );
  }, 60_000);

  it('serves the same edge, values, problems and health to every user who may read it, whatever else they may read', async () => {
    const edge = '/clusters/default/edge-open';
    const routes = [
      `${edge}/values`,
      `${edge}/values?format=json`,
      `${edge}/health?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z`,
    ];
    const get = (user: string, route: string) =>
      backend.api.get(`${API}${route}`).set('Authorization', user);
    for (const route of routes) {
      const [asBob, asAlice, asCarol] = await Promise.all(
        [bob, alice, carol].map(user => get(user, route)),
      );
      expect([route, asBob.status]).toEqual([route, 200]);
      expect(asAlice.text).toBe(asBob.text);
      expect(asCarol.text).toBe(asBob.text);
    }
    const edgeProblems = async (user: string) =>
      (await get(user, '/problems')).body.items.filter(
        (p: { ref: string }) => p.ref === 'resource:default/edge-open',
      );
    expect(await edgeProblems(carol)).toEqual(await edgeProblems(bob));
    expect(await edgeProblems(alice)).toEqual(await edgeProblems(bob));

    // Carol may not read the global: named by its ref, not linked, and hidden itself.
    const [edgeAsBob, edgeAsCarol] = await Promise.all(
      [bob, carol].map(user => get(user, edge)),
    );
    expect(edgeAsCarol.body).toEqual({
      ...edgeAsBob.body,
      globalReadable: false,
    });
    expect((await get(carol, '/clusters/default/global-eu')).status).toBe(404);
    print(
      'under a conditional policy on the real catalog, edge-open has byte-identical values, health and problems for a user who reads everything, one who may not read another edge and one who may not read its global',
    );
  }, 60_000);
});
