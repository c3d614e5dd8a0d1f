import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { freeLoopbackPort } from './httpServer';
import { PrometheusProcess } from './prometheusProcess';
import { VictoriaMetricsProcess } from './victoriaMetricsProcess';

/**
 * What the Mimir stand-in routes to: one real Prometheus per tenant, named
 * after it, each receiving remote write, on free ports of 127.0.0.1. Stop
 * each when done.
 */
export async function startTenantPrometheuses(
  baseDir: string,
  tenants: readonly string[],
): Promise<PrometheusProcess[]> {
  const servers: PrometheusProcess[] = [];
  for (const tenant of tenants) {
    const server = new PrometheusProcess({
      name: tenant,
      dir: path.join(baseDir, tenant),
      port: await freeLoopbackPort(),
      agentMode: false,
      flags: ['--web.enable-remote-write-receiver'],
    });
    await fs.mkdir(server.dir, { recursive: true });
    await fs.writeFile(server.configFile, stringify({ global: {} }));
    servers.push(server);
  }
  const started = await Promise.allSettled(servers.map(s => s.start()));
  const failure = started.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failure) {
    await Promise.all(servers.map(server => server.stop()));
    throw failure.reason;
  }
  return servers;
}

/**
 * What the Thanos stand-in writes to and queries: one real VictoriaMetrics
 * on a free port of 127.0.0.1, showing fresh samples at once rather than
 * 30 s later. Stop it when done.
 */
export async function startThanosStorage(
  baseDir: string,
): Promise<VictoriaMetricsProcess> {
  const storage = new VictoriaMetricsProcess({
    name: 'victoria-metrics',
    dir: path.join(baseDir, 'victoria-metrics'),
    port: await freeLoopbackPort(),
    flags: ['-search.latencyOffset=1s'],
  });
  await storage.start();
  return storage;
}
