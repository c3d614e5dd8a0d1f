import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { RIG_PROMETHEUS_MAJOR } from './binaries';
import { freeLoopbackPort } from './httpServer';
import { POD_METRICS_PATH, startPodExporter } from './podExporter';
import { PrometheusProcess } from './prometheusProcess';

export interface BareSender {
  /** The agent's own API, for what it scrapes. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A sender the fleet's values did not configure, as Grafana Alloy or
 * vmagent would be: an agent from a hand-written config that scrapes one
 * simulated pod under a `cluster` external label and remote-writes it,
 * without scraping itself, so that no `prometheus_remote_storage_*` series
 * of it reach the global.
 */
export async function startBareSender(options: {
  clusterLabel: string;
  writeUrl: string;
  dir: string;
}): Promise<BareSender> {
  const exporter = await startPodExporter();
  const agent = new PrometheusProcess({
    name: options.clusterLabel,
    dir: options.dir,
    port: await freeLoopbackPort(),
    agentMode: true,
    flags: [RIG_PROMETHEUS_MAJOR === 3 ? '--agent' : '--enable-feature=agent'],
  });
  await fs.mkdir(path.dirname(agent.configFile), { recursive: true });
  await fs.writeFile(
    agent.configFile,
    stringify({
      global: {
        scrape_interval: '1s',
        external_labels: { cluster: options.clusterLabel },
      },
      scrape_configs: [
        {
          job_name: 'app',
          metrics_path: POD_METRICS_PATH,
          static_configs: [{ targets: [`127.0.0.1:${exporter.port}`] }],
        },
      ],
      remote_write: [{ url: options.writeUrl }],
    }),
  );
  await agent.start();
  return {
    url: agent.url,
    stop: async () => {
      await agent.stop();
      await exporter.close();
    },
  };
}
