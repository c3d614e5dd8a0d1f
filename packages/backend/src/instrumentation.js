/*
 * OpenTelemetry for the demo backend, loaded before it with `--require` (the
 * `start` script), as Backstage's "Setup OpenTelemetry" tutorial does: every
 * metric the backend's plugins publish through the metrics service, the
 * Prometheus fleet's edge health among them, is served for Prometheus to
 * scrape at http://127.0.0.1:9464/metrics.
 *
 *   PROMETHEUS_FLEET_METRICS_PORT  the port (default 9464); `off` or 0: no exporter
 *   PROMETHEUS_FLEET_METRICS_HOST  the interface (default 127.0.0.1; 0.0.0.0 for all)
 *
 * It must run before the backend creates its meters: a meter taken from the
 * OpenTelemetry API before a provider is registered stays a no-op.
 */
const { isMainThread } = require('node:worker_threads');

const DEFAULT_PORT = 9464;

/** The port to serve on, or undefined when the exporter is off. */
function metricsPort(value) {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  if (/^(off|false|no|disabled?|0)$/i.test(value.trim())) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.warn(
      `PROMETHEUS_FLEET_METRICS_PORT=${value} is not a port (1-65535) or "off": metrics are not exported`,
    );
    return undefined;
  }
  return port;
}

// Worker threads load it too: one exporter, in the main thread.
const port = isMainThread
  ? metricsPort(process.env.PROMETHEUS_FLEET_METRICS_PORT)
  : undefined;

if (port !== undefined) {
  const { metrics } = require('@opentelemetry/api');
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

  const host = process.env.PROMETHEUS_FLEET_METRICS_HOST || '127.0.0.1';
  const exporter = new PrometheusExporter({ host, port }, error => {
    if (error) {
      // The backend runs on without its metrics, e.g. when another process holds the port.
      console.warn(
        `Metrics are not exported: could not listen on ${host}:${port}: ${error.message}`,
      );
    } else {
      console.info(`Metrics exported at http://${host}:${port}/metrics`);
    }
  });
  metrics.setGlobalMeterProvider(
    new MeterProvider({
      readers: [exporter],
      views: [
        {
          // One series per edge: the SDK's default limit of 2,000 series per
          // metric would fold a larger fleet's edges into one overflow series.
          meterName: 'backstage-plugin-prometheus-fleet',
          aggregationCardinalityLimit: 100000,
        },
      ],
    }),
  );
}
