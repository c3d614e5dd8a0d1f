/*
 * Records one poll cycle (the queries `buildQueueHealthQueries()` builds, at
 * one evaluation time) from real Prometheus servers, for the common
 * package's tests:
 *
 *   yarn tsx test/src/rig/recordQueueHealthFixture.ts
 *
 * Writes plugins/prometheus-fleet-common/src/health/__fixtures__/
 * prometheus-<major.minor>-queue-health.json. Takes about three minutes.
 */
import path from 'node:path';
import {
  ANNOTATION_MAX_SHARDS,
  buildQueueHealthQueries,
} from 'backstage-plugin-prometheus-fleet-common';
import { instantQuery, InstantQueryResponse, waitFor } from './prometheusApi';
import { fixtureFileName, runRecording, writeFixture } from './recordFixture';
import { RigEdgeSpec, startRig } from './startRig';

/** Short, so that the killed edge is past it when recorded, as an edge silent for long is. */
const LOOKBACK = '1m';
const KILLED_BEFORE_RECORDING_MS = 90_000;
const EDGES: RigEdgeSpec[] = [
  { name: 'edge-healthy' },
  // A receiver answering after 4 s, and one shard to send with: it falls behind.
  {
    name: 'edge-slow',
    writeDelayMs: 4000,
    annotations: { [ANNOTATION_MAX_SHARDS]: '1' },
  },
  { name: 'edge-rejecting', writeFault: { status: 400, ratio: 0.5 } },
  { name: 'edge-retrying', writeFault: { status: 503, ratio: 0.5 } },
  { name: 'edge-killed' },
];

async function queryAt(
  baseUrl: string,
  promql: string,
  time: number,
): Promise<InstantQueryResponse> {
  const response = await fetch(`${baseUrl}/api/v1/query`, {
    method: 'POST',
    body: new URLSearchParams({ query: promql, time: String(time) }),
  });
  return (await response.json()) as InstantQueryResponse;
}

async function main() {
  const rig = await startRig({
    globalName: 'global-eu',
    edges: EDGES,
    scrapeInterval: '1s',
    valuesOptions: { queueConfig: { batchSendDeadline: '1s' } },
    globalFlags: [`--query.lookback-delta=${LOOKBACK}`],
  });
  try {
    for (const edge of rig.edges) {
      await waitFor(
        `the queue metrics of ${edge.name} at the global`,
        async () => {
          const series = await instantQuery(
            rig.global.url,
            `prometheus_remote_storage_shards{cluster="${edge.clusterLabel}"}`,
          );
          return series.length > 0 ? true : undefined;
        },
        { timeoutMs: 60_000 },
      );
    }
    await rig.edges.find(edge => edge.name === 'edge-killed')!.stop();
    process.stdout.write(
      `edge-killed stopped; recording in ${
        KILLED_BEFORE_RECORDING_MS / 1000
      } s\n`,
    );
    await new Promise(resolve =>
      setTimeout(resolve, KILLED_BEFORE_RECORDING_MS),
    );

    const evaluatedAt = Math.round(Date.now() / 1000);
    const queries = buildQueueHealthQueries();
    const responses: Record<string, InstantQueryResponse> = {};
    for (const query of queries) {
      responses[query.id] = await queryAt(
        rig.global.url,
        query.promql,
        evaluatedAt,
      );
    }
    const fixture = {
      description: `Recorded by test/src/rig/recordQueueHealthFixture.ts from Prometheus ${
        rig.prometheusVersion
      } servers on 127.0.0.1, each running the values the project generates, scraping every second: global-eu (lookback delta ${LOOKBACK}) and five edge agents. edge-healthy writes straight to it; edge-slow through a receiver answering after 4 s, with max-shards 1; edge-rejecting through one answering 400 to half of the batches (failed samples); edge-retrying through one answering 503 to half (retries); edge-killed was stopped ${
        KILLED_BEFORE_RECORDING_MS / 1000
      } s before the recording, past the lookback.`,
      prometheusVersion: rig.prometheusVersion,
      evaluatedAt,
      queries: Object.fromEntries(queries.map(q => [q.id, q.promql])),
      responses,
    };
    writeFixture(
      path.resolve(
        // Run from source only, never bundled: this is the source folder.
        // eslint-disable-next-line no-restricted-syntax
        __dirname,
        '../../../plugins/prometheus-fleet-common/src/health/__fixtures__',
        fixtureFileName('queue-health', rig.prometheusVersion),
      ),
      fixture,
    );
  } finally {
    await rig.stopAll();
  }
}

runRecording(main);
