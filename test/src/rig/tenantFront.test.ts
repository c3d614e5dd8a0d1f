import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import {
  PROMETHEUS_BIN,
  prometheusVersion,
  RIG_PROMETHEUS_MAJOR,
  victoriaMetricsVersion,
} from './binaries';
import { freeLoopbackPort } from './httpServer';
import {
  POD_INFO_METRIC,
  POD_METRICS_PATH,
  PodExporter,
  startPodExporter,
} from './podExporter';
import { InstantQueryResponse, InstantSample, waitFor } from './prometheusApi';
import { PrometheusProcess } from './prometheusProcess';
import {
  MIMIR_TENANT_HEADER,
  startTenantFront,
  TenantFront,
  THANOS_DEFAULT_TENANT,
  THANOS_TENANT_HEADER,
} from './tenantFront';
import { startTenantPrometheuses, startThanosStorage } from './tenantUpstreams';
import { VictoriaMetricsProcess } from './victoriaMetricsProcess';

const START_TIMEOUT_MS = 60_000;
const WAIT = { timeoutMs: 30_000, intervalMs: 250 };
const print = (line: string) =>
  process.stdout.write(`[tenant front] ${line}\n`);
const client = new FetchPrometheusQueryClient();

/** The plugin's own query client (a form POST), against a query endpoint with these headers. */
async function pluginQuery(
  url: string,
  headers: Record<string, string>,
  promql: string,
): Promise<InstantSample[]> {
  const response = await client.instantQuery(
    { name: 'tenant-front', url, headers, timeoutMs: 5000 },
    { promql, time: new Date() },
  );
  return response.data.result;
}

/** A GET, as a browser or curl would send it. */
async function getQuery(
  url: string,
  headers: Record<string, string>,
  promql: string,
): Promise<{ status: number; body: InstantQueryResponse }> {
  const response = await fetch(
    `${url}/api/v1/query?${new URLSearchParams({ query: promql })}`,
    { headers, signal: AbortSignal.timeout(5000) },
  );
  return {
    status: response.status,
    body: (await response.json()) as InstantQueryResponse,
  };
}

const push = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers, body: '' }).then(async r => ({
    status: r.status,
    text: (await r.text()).trim(),
  }));

/** A real Prometheus agent scraping the simulated pod and writing it through each of these queues. */
async function startWriter(
  dir: string,
  exporter: PodExporter,
  remoteWrite: object[],
): Promise<PrometheusProcess> {
  const agent = new PrometheusProcess({
    name: 'writer',
    dir,
    port: await freeLoopbackPort(),
    agentMode: true,
    flags: [RIG_PROMETHEUS_MAJOR === 3 ? '--agent' : '--enable-feature=agent'],
  });
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(
    agent.configFile,
    stringify({
      global: { scrape_interval: '1s' },
      scrape_configs: [
        {
          job_name: 'app',
          metrics_path: POD_METRICS_PATH,
          static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }],
        },
      ],
      remote_write: remoteWrite.map(queue => ({
        queue_config: { batch_send_deadline: '1s' },
        ...queue,
      })),
    }),
  );
  await agent.start();
  return agent;
}

async function stopAll(
  processes: Array<{ stop(): Promise<void> } | undefined>,
  closeables: Array<{ close(): Promise<void> } | undefined>,
  baseDir: string | undefined,
) {
  // The writer first, so that it stops sending before its receivers go.
  for (const process of processes) await process?.stop();
  await Promise.all(closeables.map(c => c?.close()));
  if (baseDir) await fs.rm(baseDir, { recursive: true, force: true });
}

describe('the Mimir stand-in: a Prometheus per tenant behind a tenant-enforcing front', () => {
  const tenants = ['team-a', 'team-b'];
  let baseDir: string;
  let exporter: PodExporter;
  let front: TenantFront;
  let writer: PrometheusProcess;
  let globals: PrometheusProcess[] = [];
  const scopeOf = (orgId: string) => ({ [MIMIR_TENANT_HEADER]: orgId });

  beforeAll(async () => {
    print(`Prometheus ${await prometheusVersion(PROMETHEUS_BIN)}`);
    baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tenant-front-mimir-'));
    globals = await startTenantPrometheuses(baseDir, tenants);
    front = await startTenantFront({
      mode: 'mimir',
      tenants: {
        ...Object.fromEntries(globals.map(g => [g.name, g.url])),
        // Nothing listens there: a tenant whose querier is down.
        'team-down': `http://127.0.0.1:${await freeLoopbackPort()}`,
      },
    });
    exporter = await startPodExporter();
    // One queue per tenant, each labelling what it writes with its tenant, to see where it lands.
    writer = await startWriter(
      path.join(baseDir, 'writer'),
      exporter,
      tenants.map(tenant => ({
        url: front.writeUrl,
        headers: scopeOf(tenant),
        write_relabel_configs: [
          { target_label: 'written_as', replacement: tenant },
        ],
      })),
    );
  }, START_TIMEOUT_MS);

  afterAll(
    () => stopAll([writer, ...globals], [front, exporter], baseDir),
    30_000,
  );

  it("shows each tenant its own series only, through the plugin's query client and a GET", async () => {
    const { queryUrl } = front;
    for (const tenant of tenants) {
      const series = await waitFor(
        `${tenant}'s series`,
        async () => {
          const result = await pluginQuery(
            queryUrl,
            scopeOf(tenant),
            POD_INFO_METRIC,
          );
          return result.length > 0 ? result : undefined;
        },
        WAIT,
      );
      expect(series.map(s => s.metric.written_as)).toEqual([tenant]);
      expect(series[0].metric).not.toHaveProperty('__tenant_id__');

      const queries = front.requests[tenant]['/prometheus/api/v1/query'];
      const { status, body } = await getQuery(
        front.queryUrl,
        scopeOf(tenant),
        `count by (written_as) (${POD_INFO_METRIC})`,
      );
      expect(status).toBe(200);
      expect(body.data?.result.map(s => s.metric)).toEqual([
        { written_as: tenant },
      ]);
      expect(front.requests[tenant]['/prometheus/api/v1/query']).toBe(
        queries + 1,
      );
      // The writes went through, one tenant each, and were counted.
      expect(front.requests[tenant]['/api/v1/push']).toBeGreaterThan(0);
    }
  }, 45_000);

  it('answers a federated query team-a|team-b with both tenants, each labelled __tenant_id__', async () => {
    const series = await pluginQuery(
      front.queryUrl,
      scopeOf('team-b|team-a'),
      POD_INFO_METRIC,
    );
    expect(
      series.map(s => [s.metric.__tenant_id__, s.metric.written_as]),
    ).toEqual([
      ['team-a', 'team-a'],
      ['team-b', 'team-b'],
    ]);
    for (const s of series) {
      expect(s.metric).toMatchObject({
        __name__: POD_INFO_METRIC,
        job: 'app',
        version: '1.0.0',
      });
    }
    expect(front.requests['team-b|team-a']['/prometheus/api/v1/query']).toBe(1);

    const now = Date.now() / 1000;
    const range = await fetch(
      `${front.queryUrl}/api/v1/query_range?${new URLSearchParams({
        query: POD_INFO_METRIC,
        start: String(now - 60),
        end: String(now),
        step: '5',
      })}`,
      { headers: scopeOf('team-a|team-b') },
    ).then(r => r.json());
    expect(range.data.resultType).toBe('matrix');
    expect(
      range.data.result.map(
        (s: { metric: Record<string, string> }) => s.metric.__tenant_id__,
      ),
    ).toEqual(['team-a', 'team-b']);
  });

  it('refuses a push or a query without X-Scope-OrgID with 401 no org id, and a push to a tenant it has no Prometheus for with 400', async () => {
    expect(await push(front.writeUrl)).toEqual({
      status: 401,
      text: 'no org id',
    });
    const response = await fetch(
      `${front.queryUrl}/api/v1/query?query=${POD_INFO_METRIC}`,
    );
    expect(response.status).toBe(401);
    expect((await response.text()).trim()).toBe('no org id');
    await expect(
      pluginQuery(front.queryUrl, {}, POD_INFO_METRIC),
    ).rejects.toThrow('HTTP 401');

    const unknown = await push(front.writeUrl, scopeOf('team-c'));
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('no Prometheus for tenant "team-c"');
    expect(front.requests['']['/api/v1/push']).toBe(1);
  });

  it('answers a tenant that never wrote with an empty vector, and fails a federated query when one tenant fails', async () => {
    expect(
      await pluginQuery(front.queryUrl, scopeOf('team-c'), POD_INFO_METRIC),
    ).toEqual([]);
    expect(
      await pluginQuery(
        front.queryUrl,
        scopeOf('team-a|team-c'),
        POD_INFO_METRIC,
      ),
    ).toEqual([
      expect.objectContaining({
        metric: expect.objectContaining({ __tenant_id__: 'team-a' }),
      }),
    ]);
    await expect(
      pluginQuery(front.queryUrl, scopeOf('team-a|team-down'), POD_INFO_METRIC),
    ).rejects.toThrow('HTTP 502');
    // A query Prometheus refuses is refused as Prometheus refused it.
    await expect(
      pluginQuery(front.queryUrl, scopeOf('team-a|team-b'), 'sum(('),
    ).rejects.toThrow(/HTTP 400.*bad_data/);
  });
});

describe('the Thanos stand-in: Receive and Query in front of one VictoriaMetrics', () => {
  let baseDir: string;
  let exporter: PodExporter;
  let front: TenantFront;
  let writer: PrometheusProcess;
  let storage: VictoriaMetricsProcess;

  beforeAll(async () => {
    baseDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tenant-front-thanos-'));
    storage = await startThanosStorage(baseDir);
    print(`VictoriaMetrics ${await victoriaMetricsVersion()}`);
    front = await startTenantFront({ mode: 'thanos', upstream: storage.url });
    exporter = await startPodExporter();
    // The same series through two queues: only the tenant label can tell them apart.
    writer = await startWriter(path.join(baseDir, 'writer'), exporter, [
      { url: front.writeUrl, headers: { [THANOS_TENANT_HEADER]: 'team-a' } },
      { url: front.writeUrl },
    ]);
  }, START_TIMEOUT_MS);

  afterAll(
    () => stopAll([writer, storage], [front, exporter], baseDir),
    30_000,
  );

  it('labels writes with tenant_id from THANOS-TENANT, default-tenant without it, and one query sees both', async () => {
    const series = await waitFor(
      'series of both tenants',
      async () => {
        const result = await pluginQuery(front.queryUrl, {}, POD_INFO_METRIC);
        return result.length >= 2 ? result : undefined;
      },
      WAIT,
    );
    expect(series.map(s => s.metric.tenant_id).sort()).toEqual([
      THANOS_DEFAULT_TENANT,
      'team-a',
    ]);
    const [a, b] = series.map(({ metric: { tenant_id: _, ...rest } }) => rest);
    expect(a).toEqual(b);

    const { status, body } = await getQuery(
      front.queryUrl,
      {},
      `count by (tenant_id) (${POD_INFO_METRIC})`,
    );
    expect(status).toBe(200);
    expect(body.data?.result).toHaveLength(2);
    expect(front.requests['team-a']['/api/v1/receive']).toBeGreaterThan(0);
    expect(
      front.requests[THANOS_DEFAULT_TENANT]['/api/v1/receive'],
    ).toBeGreaterThan(0);
    expect(front.requests['']['/api/v1/query']).toBeGreaterThan(1);
  }, 45_000);
});
