/*
 * Records what a global sees of its edges' remote-write queues, as raw
 * /api/v1/query responses, for the queue-health poller's tests:
 *
 *   yarn tsx test/src/rig/recordRemoteStorageFixture.ts
 *
 * Writes __fixtures__/prometheus-<major.minor>-remote-storage.json.
 */
import path from 'node:path';
import { instantQuery, instantQueryResponse, waitFor } from './prometheusApi';
import { fixtureFileName, runRecording, writeFixture } from './recordFixture';
import { SELF_SCRAPE_JOB } from './renderPrometheusConfig';
import { RigEdgeSpec, startRig } from './startRig';

const EDGES: RigEdgeSpec[] = [
  { name: 'edge-healthy' },
  { name: 'edge-rejected', writeFault: { status: 400, ratio: 0.5 } },
  { name: 'edge-retrying', writeFault: { status: 500, ratio: 0.5 } },
];
const SCRAPE_INTERVAL = '1s';
const QUEUE_CONFIG = { batchSendDeadline: '1s', maxShards: 4 };
/** Long enough for rate()s over [1m] to cover several scrapes. */
const SETTLE_MS = 30_000;

const BY = 'cluster, remote_name, url';
const EDGE_SELECTOR = `cluster=~"edge-.+", job="${SELF_SCRAPE_JOB}"`;
const METRICS = [
  'prometheus_remote_storage_highest_timestamp_in_seconds',
  'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
  // Prometheus 3.7 and later; absent from 2.x.
  'prometheus_remote_storage_queue_highest_timestamp_seconds',
  'prometheus_remote_storage_shards',
  'prometheus_remote_storage_shards_desired',
  'prometheus_remote_storage_shards_max',
  'prometheus_remote_storage_shards_min',
  'prometheus_remote_storage_samples_pending',
  'prometheus_remote_storage_samples_total',
  'prometheus_remote_storage_samples_failed_total',
  'prometheus_remote_storage_samples_retried_total',
  'prometheus_remote_storage_samples_dropped_total',
  'prometheus_remote_storage_samples_in_total',
];
const QUERIES = [
  `{__name__=~"prometheus_remote_storage_.+", __name__!~".+_bucket", ${EDGE_SELECTOR}}`,
  ...METRICS.map(metric => `${metric}{${EDGE_SELECTOR}}`),
  // Before 3.7 the highest timestamp has no remote_name/url: join it onto each queue.
  `max by (${BY}) (prometheus_remote_storage_highest_timestamp_in_seconds{${EDGE_SELECTOR}} - ignoring(remote_name, url) group_right prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${EDGE_SELECTOR}})`,
  `sum by (${BY}) (rate(prometheus_remote_storage_samples_total{${EDGE_SELECTOR}}[1m]))`,
  `sum by (${BY}) (rate(prometheus_remote_storage_samples_failed_total{${EDGE_SELECTOR}}[1m]))`,
  `sum by (${BY}) (rate(prometheus_remote_storage_samples_retried_total{${EDGE_SELECTOR}}[1m]))`,
  `sum by (${BY}) (rate(prometheus_remote_storage_samples_dropped_total{${EDGE_SELECTOR}}[1m]))`,
  `max by (cluster) (timestamp(prometheus_remote_storage_highest_timestamp_in_seconds{${EDGE_SELECTOR}}))`,
];

async function main() {
  const rig = await startRig({
    edges: EDGES,
    scrapeInterval: SCRAPE_INTERVAL,
    valuesOptions: { queueConfig: QUEUE_CONFIG },
  });
  try {
    for (const [edge, metric] of [
      [
        'edge-healthy',
        'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
      ],
      ['edge-rejected', 'prometheus_remote_storage_samples_failed_total'],
      ['edge-retrying', 'prometheus_remote_storage_samples_retried_total'],
    ]) {
      await waitFor(
        `${metric} of ${edge} at the global`,
        async () => {
          const series = await instantQuery(
            rig.global.url,
            `${metric}{cluster="${edge}"} > 0`,
          );
          return series.length > 0 ? series : undefined;
        },
        { timeoutMs: 60_000 },
      );
    }
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS));

    const queries = [];
    for (const query of QUERIES) {
      queries.push({
        query,
        response: await instantQueryResponse(rig.global.url, query),
      });
    }
    const fixture = {
      description:
        'Raw /api/v1/query responses of a Prometheus global receiving remote write from Prometheus agents, recorded by test/src/rig/recordRemoteStorageFixture.ts. Every edge series carries cluster (external label), prometheus and prometheus_replica (operator external labels), instance and job (self-scrape).',
      prometheusVersion: rig.prometheusVersion,
      recordedAt: new Date().toISOString(),
      rig: {
        global: rig.global.clusterLabel,
        edges: EDGES.map(edge => ({
          ...edge,
          remoteWriteUrl:
            rig.edges.find(e => e.name === edge.name)?.writeGate?.url ??
            `${rig.global.url}/api/v1/write`,
        })),
        scrapeInterval: SCRAPE_INTERVAL,
        queueConfig: QUEUE_CONFIG,
      },
      queries,
    };
    // Run from source only, never bundled: this is the source folder.
    // eslint-disable-next-line no-restricted-syntax
    const fixtures = path.join(__dirname, '__fixtures__');
    writeFixture(
      path.join(
        fixtures,
        fixtureFileName('remote-storage', rig.prometheusVersion),
      ),
      fixture,
    );
  } finally {
    await rig.stopAll();
  }
}

runRecording(main);
