import http from 'node:http';
import { closeServer, listenOnLoopback } from './httpServer';
import { SimulatedPod } from './simulatedPods';

export const POD_METRICS_PATH = '/pod-metrics';
export const POD_SCRAPES_METRIC = 'fleet_rig_pod_scrapes_total';
export const POD_INFO_METRIC = 'fleet_rig_pod_info';
export const POD_NAMESPACE = 'fleet-rig';
/** Annotated `prometheus.io/scrape: "true"`: its series must reach the global. */
export const SCRAPED_POD = 'app-scraped';
/** Annotated `prometheus.io/scrape: "false"`: the generated keep rule must drop it. */
export const IGNORED_POD = 'app-ignored';

/** A cluster's workload: an in-process HTTP server standing in for its annotated pods. */
export interface PodExporter {
  port: number;
  /** The pods discovery would find, both served by this exporter. */
  pods: SimulatedPod[];
  close(): Promise<void>;
}

function simulatedPod(
  name: string,
  scrape: boolean,
  port: number,
): SimulatedPod {
  return {
    namespace: POD_NAMESPACE,
    name,
    // No declared container port: the port annotation has to supply it, as in most charts.
    address: '127.0.0.1',
    annotations: {
      'prometheus.io/scrape': String(scrape),
      'prometheus.io/port': String(port),
      'prometheus.io/path': POD_METRICS_PATH,
    },
    labels: { app: 'fleet-rig-app' },
  };
}

export async function startPodExporter(): Promise<PodExporter> {
  let scrapes = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== POD_METRICS_PATH) {
      res.writeHead(404).end();
      return;
    }
    scrapes += 1;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(
      [
        `# HELP ${POD_SCRAPES_METRIC} Scrapes served by the simulated pod.`,
        `# TYPE ${POD_SCRAPES_METRIC} counter`,
        `${POD_SCRAPES_METRIC} ${scrapes}`,
        `# HELP ${POD_INFO_METRIC} Always 1.`,
        `# TYPE ${POD_INFO_METRIC} gauge`,
        `${POD_INFO_METRIC}{version="1.0.0"} 1`,
        '',
      ].join('\n'),
    );
  });
  const port = await listenOnLoopback(server);
  return {
    port,
    pods: [
      simulatedPod(SCRAPED_POD, true, port),
      simulatedPod(IGNORED_POD, false, port),
    ],
    close: () => closeServer(server),
  };
}
