import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One sample of a Prometheus text exposition. */
export interface ScrapedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \S+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** The samples of a text exposition (comments and metadata left out). */
export function parseExposition(text: string): ScrapedSample[] {
  return text
    .split('\n')
    .filter(line => line.trim() && !line.startsWith('#'))
    .map(line => {
      const match = LINE.exec(line);
      if (!match) throw new Error(`Not an exposition line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) {
        labels[key] = unescape(value);
      }
      return { name: match[1], labels, value: parseValue(match[3]) };
    });
}

/**
 * Serves the exporter's `/metrics` on a free port of 127.0.0.1, as the
 * exporter's own server would on its fixed one, and scrapes it over HTTP.
 */
export async function serveMetrics(exporter: PrometheusExporter) {
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      exporter.getMetricsRequestHandler(req, res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    async scrape(): Promise<{ text: string; samples: ScrapedSample[] }> {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
      const text = await response.text();
      return { text, samples: parseExposition(text) };
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}
