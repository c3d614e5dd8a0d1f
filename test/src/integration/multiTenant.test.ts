import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_GLOBAL,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_TENANT,
  GeneratedValues,
  ObservedProblem,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import {
  PROMETHEUS_BIN,
  prometheusVersion,
  RIG_PROMETHEUS_MAJOR,
  victoriaMetricsVersion,
} from '../rig/binaries';
import { waitFor } from '../rig/prometheusApi';
import { PrometheusProcess } from '../rig/prometheusProcess';
import { clusterEntity } from '../rig/rigCatalog';
import {
  AgentFromValues,
  startAgentFromValues,
} from '../rig/startAgentFromValues';
import {
  MIMIR_TENANT_HEADER,
  startTenantFront,
  TenantFront,
  THANOS_TENANT_HEADER,
} from '../rig/tenantFront';
import {
  startTenantPrometheuses,
  startThanosStorage,
} from '../rig/tenantUpstreams';
import { VictoriaMetricsProcess } from '../rig/victoriaMetricsProcess';
import { CountingClient } from './countingClient';
import { untilEdgeHealth } from './edgeHealth';
import { FleetBackend, startFleetBackend } from './fleetBackend';
import { RigPolling, rigPollingConfig } from './rigPolling';

/*
 * A multi-tenant global, through the tenant front of the test rig: a
 * STAND-IN for Mimir (a real Prometheus per tenant) and for Thanos Receive
 * and Query (one real VictoriaMetrics, every series labelled tenant_id). Real
 * Prometheus agents run each edge's values as the backend generates them;
 * the backend polls per tenant and federated, and must read every edge that
 * writes as its values say healthy, in its own tenant.
 */

/**
 * Debian bookworm's Prometheus 2.42.0+ds sends no remote_write `headers`
 * (seen on the wire), so its agents cannot name a tenant: tenants are proven
 * with Prometheus 3 agents only.
 */
const describeTenants = RIG_PROMETHEUS_MAJOR === 3 ? describe : describe.skip;

const START_TIMEOUT_MS = 120_000;
const polling: RigPolling = {
  cycleSeconds: 2,
  lagWarningSeconds: 30,
  silentAfterSeconds: 20,
  queueConfig: { batchSendDeadline: '1s', maxShards: 10 },
};
/** Six queries per query set: DESIGN.md, Queue health. */
const QUERIES_PER_SET = 6;
const GLOBAL = 'global-mt';
const ENDPOINT = 'mt';

const print = (line: string) =>
  process.stdout.write(`[multi-tenant] ${line}\n`);

interface EdgeSpec {
  name: string;
  tenant?: string;
  label?: string;
  /** The tenant its agent writes as, where it is not its values'. */
  writesAs?: string;
}

function fleetEntities(writeUrl: string, edges: EdgeSpec[]) {
  return [
    clusterEntity(GLOBAL, {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: writeUrl,
      [ANNOTATION_QUERY_ENDPOINT]: ENDPOINT,
    }),
    ...edges.map(edge =>
      clusterEntity(edge.name, {
        [ANNOTATION_ROLE]: 'edge',
        [ANNOTATION_GLOBAL]: `resource:default/${GLOBAL}`,
        ...(edge.tenant ? { [ANNOTATION_TENANT]: edge.tenant } : {}),
        ...(edge.label ? { [ANNOTATION_CLUSTER_LABEL]: edge.label } : {}),
      }),
    ),
  ];
}

function startBackend(
  entities: ReturnType<typeof fleetEntities>,
  endpoint: { url: string; engine: string; tenancy: string },
  client: CountingClient,
) {
  const config = rigPollingConfig(endpoint.url, polling);
  return startFleetBackend({
    entities,
    prometheusFleet: {
      ...config,
      queryEndpoints: [
        { ...config.queryEndpoints[0], name: ENDPOINT, ...endpoint },
      ],
    },
    client,
    scheduler: 'real',
  });
}

async function valuesOf(backend: FleetBackend, name: string) {
  const res = await backend.api.get(
    `/api/prometheus-fleet/clusters/default/${name}/values?format=json`,
  );
  expect(res.status).toBe(200);
  return res.body as GeneratedValues;
}

/** Runs each edge's generated values on a real agent; one writing as another tenant gets them edited. */
async function startAgents(
  backend: FleetBackend,
  edges: EdgeSpec[],
  header: string,
  baseDir: string,
): Promise<AgentFromValues[]> {
  const agents: AgentFromValues[] = [];
  for (const edge of edges) {
    const { yaml } = await valuesOf(backend, edge.name);
    const own = `${header}: ${edge.tenant}`;
    if (edge.writesAs) expect(yaml).toContain(own);
    agents.push(
      await startAgentFromValues({
        valuesYaml: edge.writesAs
          ? yaml.replace(own, `${header}: ${edge.writesAs}`)
          : yaml,
        name: edge.name,
        dir: path.join(baseDir, edge.name),
        scrapeInterval: '1s',
      }),
    );
  }
  return agents;
}

const healthyWithLag = (health: QueueHealth) =>
  health.status === 'healthy' && health.lagSeconds !== null;

async function observedProblems(backend: FleetBackend) {
  const res = await backend.api.get('/api/prometheus-fleet/problems');
  return (res.body.items as ObservedProblem[]).filter(p =>
    ['tenant-mismatch', 'orphan-cluster', 'misrouted-edge'].includes(p.code),
  );
}

/** The tenant header of each query of the last complete cycle, '' where none. */
function lastCycleTenants(client: CountingClient, header: string): string[] {
  const cycles = client.cycles();
  const { time } = cycles[cycles.length - 2];
  return client.queries
    .filter(query => query.time === time)
    .map(query => query.headers?.[header] ?? '')
    .sort();
}

async function stopAll(
  agents: AgentFromValues[],
  servers: Array<{ stop(): Promise<void> }>,
  closeables: Array<{ close(): Promise<void> } | undefined>,
  backends: Array<FleetBackend | undefined>,
  baseDir: string | undefined,
) {
  for (const backend of backends) await backend?.stop();
  // The agents first, so that they stop sending before their receivers go.
  await Promise.all(agents.map(agent => agent.stop()));
  await Promise.all(servers.map(server => server.stop()));
  await Promise.all(closeables.map(c => c?.close()));
  if (baseDir) await fs.rm(baseDir, { recursive: true, force: true });
}

describeTenants(
  'a Mimir global (stand-in: a Prometheus per tenant behind a tenant-enforcing front)',
  () => {
    const edges: EdgeSpec[] = [
      // One cluster label in two tenants: two senders.
      { name: 'shared-a', tenant: 'team-a', label: 'shared' },
      { name: 'shared-b', tenant: 'team-b', label: 'shared' },
      // No tenant: Mimir's default, anonymous.
      { name: 'edge-plain' },
      // Its values say team-a; its agent writes as team-b.
      { name: 'edge-wrong', tenant: 'team-a', writesAs: 'team-b' },
    ];
    const tenants = ['anonymous', 'team-a', 'team-b'];
    let baseDir: string;
    let front: TenantFront;
    let upstreams: PrometheusProcess[] = [];
    let agents: AgentFromValues[] = [];
    const perTenantClient = new CountingClient(
      new FetchPrometheusQueryClient(),
    );
    const federatedClient = new CountingClient(
      new FetchPrometheusQueryClient(),
    );
    let perTenant: FleetBackend;
    let federated: FleetBackend;

    beforeAll(async () => {
      print(`Prometheus ${await prometheusVersion(PROMETHEUS_BIN)}`);
      baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'multi-tenant-mimir-'));
      upstreams = await startTenantPrometheuses(baseDir, tenants);
      front = await startTenantFront({
        mode: 'mimir',
        tenants: Object.fromEntries(upstreams.map(u => [u.name, u.url])),
      });
      const entities = fleetEntities(front.writeUrl, edges);
      perTenant = await startBackend(
        entities,
        { url: front.url, engine: 'mimir', tenancy: 'per-tenant' },
        perTenantClient,
      );
      federated = await startBackend(
        entities,
        { url: front.url, engine: 'mimir', tenancy: 'federated' },
        federatedClient,
      );
      agents = await startAgents(
        perTenant,
        edges,
        MIMIR_TENANT_HEADER,
        baseDir,
      );
    }, START_TIMEOUT_MS);

    afterAll(
      () =>
        stopAll(agents, upstreams, [front], [perTenant, federated], baseDir),
      90_000,
    );

    it("sends each edge's tenant in its values: its own, or anonymous", async () => {
      for (const [name, tenant] of [
        ['shared-a', 'team-a'],
        ['edge-plain', 'anonymous'],
      ]) {
        const values = await valuesOf(perTenant, name);
        expect(values.engine).toBe('mimir');
        expect(values.yaml).toContain(`${MIMIR_TENANT_HEADER}: ${tenant}`);
        expect(values.yaml).toContain(`url: ${front.writeUrl}`);
      }
    });

    describe.each([
      ['per-tenant', () => perTenant],
      ['federated', () => federated],
    ])('read %s', (mode, backendOf) => {
      it('reads every edge that writes as its values say healthy, in its own tenant', async () => {
        const healths = await untilEdgeHealth(
          backendOf(),
          `every edge healthy (${mode})`,
          {
            'shared-a': healthyWithLag,
            'shared-b': healthyWithLag,
            'edge-plain': healthyWithLag,
          },
        );
        for (const [name, health] of healths) {
          expect([name, health.reasons]).toEqual([name, []]);
          print(
            `${mode}: ${name} ${health.status}, lag ${health.lagSeconds} s`,
          );
        }
      }, 90_000);

      it('reports the edge writing as another tenant, and reads its health there', async () => {
        const [problem] = await waitFor(
          `a tenant-mismatch (${mode})`,
          async () => {
            const found = await observedProblems(backendOf());
            return found.length ? found : undefined;
          },
          { timeoutMs: 60_000 },
        );
        expect(await observedProblems(backendOf())).toEqual([
          {
            ref: 'resource:default/edge-wrong',
            code: 'tenant-mismatch',
            message: `Series labelled cluster="edge-wrong" arrive at resource:default/${GLOBAL} in tenant "team-b", while its values send them as tenant "team-a", which holds none: deploy the edge's generated values, or set its prometheus-fleet.io/tenant to the tenant it writes as.`,
            severity: 'warning',
          },
        ]);
        const health = (
          await untilEdgeHealth(backendOf(), 'edge-wrong read from team-b', {
            'edge-wrong': read =>
              read.reasons[0]?.code === 'wrong-tenant' &&
              read.lagSeconds !== null,
          })
        ).get('edge-wrong')!;
        expect(health.status).toBe('warning');
        expect(health.reasons).toEqual([
          {
            code: 'wrong-tenant',
            message:
              'its series arrive in tenant "team-b", not in its own tenant "team-a": read from there',
          },
        ]);
        print(`${mode}: ${problem.message}`);
      }, 90_000);
    });

    it('sends six queries per tenant per cycle per-tenant, each with its tenant; six in all federated', () => {
      const perTenantQueries = lastCycleTenants(
        perTenantClient,
        MIMIR_TENANT_HEADER,
      );
      expect(perTenantQueries).toEqual(
        tenants.flatMap(tenant => Array(QUERIES_PER_SET).fill(tenant)),
      );
      expect(lastCycleTenants(federatedClient, MIMIR_TENANT_HEADER)).toEqual(
        Array(QUERIES_PER_SET).fill(tenants.join('|')),
      );
      // What the front saw: each per-tenant query set under its tenant, the federated ones under a|b|c.
      for (const tenant of [...tenants, tenants.join('|')]) {
        expect(
          front.requests[tenant]['/prometheus/api/v1/query'],
        ).toBeGreaterThan(0);
      }
      print(
        `queries per cycle: per-tenant ${perTenantQueries.length} (${tenants.length} tenants × ${QUERIES_PER_SET}), federated ${QUERIES_PER_SET}`,
      );
    });
  },
);

describeTenants(
  'a Thanos global (stand-in: Receive and Query over one VictoriaMetrics)',
  () => {
    const edges: EdgeSpec[] = [
      // One label in two tenants, told apart only by tenant_id.
      { name: 'thanos-a', tenant: 'team-a', label: 'shared' },
      { name: 'thanos-default', label: 'shared' },
    ];
    let baseDir: string;
    let storage: VictoriaMetricsProcess;
    let front: TenantFront;
    let agents: AgentFromValues[] = [];
    const client = new CountingClient(new FetchPrometheusQueryClient());
    let backend: FleetBackend;

    beforeAll(async () => {
      baseDir = await fs.mkdtemp(
        path.join(os.tmpdir(), 'multi-tenant-thanos-'),
      );
      storage = await startThanosStorage(baseDir);
      print(`VictoriaMetrics ${await victoriaMetricsVersion()}`);
      front = await startTenantFront({ mode: 'thanos', upstream: storage.url });
      backend = await startBackend(
        fleetEntities(front.writeUrl, edges),
        { url: front.url, engine: 'thanos', tenancy: 'federated' },
        client,
      );
      agents = await startAgents(backend, edges, THANOS_TENANT_HEADER, baseDir);
    }, START_TIMEOUT_MS);

    afterAll(
      () => stopAll(agents, [storage], [front], [backend], baseDir),
      90_000,
    );

    it('writes each edge as its tenant, default-tenant without one', async () => {
      const values = await valuesOf(backend, 'thanos-default');
      expect(values.engine).toBe('thanos');
      expect(values.yaml).toContain(`${THANOS_TENANT_HEADER}: default-tenant`);
    });

    it('reads both edges healthy from one query set, split by tenant_id', async () => {
      const healths = await untilEdgeHealth(backend, 'both edges healthy', {
        'thanos-a': healthyWithLag,
        'thanos-default': healthyWithLag,
      });
      for (const [name, health] of healths) {
        expect([name, health.reasons]).toEqual([name, []]);
      }
      expect(await observedProblems(backend)).toEqual([]);
      for (const tenant of ['team-a', 'default-tenant']) {
        expect(front.requests[tenant]['/api/v1/receive']).toBeGreaterThan(0);
      }
      const perCycle = lastCycleTenants(client, THANOS_TENANT_HEADER);
      expect(perCycle).toEqual(Array(QUERIES_PER_SET).fill(''));
      print(`federated over tenant_id: ${perCycle.length} queries per cycle`);
    }, 90_000);
  },
);
