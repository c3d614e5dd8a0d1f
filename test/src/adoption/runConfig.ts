import { stringify } from 'yaml';

/**
 * What this run adds to the app's app-config.yaml, in a file of its own
 * passed after it: the backend on a port of 127.0.0.1 that the test picked,
 * serving the built frontend from the same origin, the README's query
 * endpoint at the global this run started, and a short poll so that the
 * edge's health shows within seconds. Nothing here wires the plugins: that
 * is the README's part.
 */
export function runConfig(options: {
  backendPort: number;
  queryEndpoint: string;
  globalUrl: string;
}): string {
  const baseUrl = `http://127.0.0.1:${options.backendPort}`;
  return stringify({
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: options.backendPort, host: '127.0.0.1' },
      cors: { origin: baseUrl },
    },
    prometheusFleet: {
      queryEndpoints: [{ name: options.queryEndpoint, url: options.globalUrl }],
      schedule: { frequency: { seconds: 5 }, timeout: { seconds: 4 } },
    },
  });
}
