import path from 'node:path';
import { parse } from 'yaml';
import { freeLoopbackPort } from './httpServer';
import { startPodExporter } from './podExporter';
import { PrometheusProcess } from './prometheusProcess';
import { renderPrometheusConfig } from './renderPrometheusConfig';
import { writePrometheusConfig } from './writePrometheusConfig';

export interface AgentFromValues {
  url: string;
  /** Stops the agent, waiting for it to exit, and its simulated pods. */
  stop(): Promise<void>;
}

/**
 * Does what `helm upgrade --install` with a values file does on a new edge:
 * runs a real Prometheus from the values as the operator would render them,
 * with a simulated pod to scrape, on a free port of 127.0.0.1. Its remote
 * write goes where the values say.
 */
export async function startAgentFromValues(options: {
  /** The values file as a user downloads it. */
  valuesYaml: string;
  name: string;
  /** Holds the agent's config, data and log. */
  dir: string;
  scrapeInterval: string;
}): Promise<AgentFromValues> {
  const values = parse(options.valuesYaml) as Record<string, unknown>;
  const exporter = await startPodExporter();
  const port = await freeLoopbackPort();
  const rendered = renderPrometheusConfig(
    { values },
    {
      listenAddress: `127.0.0.1:${port}`,
      tlsAssetsDir: path.join(options.dir, 'certs'),
      scrapeInterval: options.scrapeInterval,
      pods: exporter.pods,
    },
  );
  const server = new PrometheusProcess({
    name: options.name,
    dir: options.dir,
    port,
    agentMode: rendered.agentMode,
    flags: rendered.flags,
  });
  const stop = async () => {
    await server.stop();
    await exporter.close();
  };
  try {
    await writePrometheusConfig(rendered, server.configFile);
    await server.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: server.url, stop };
}
