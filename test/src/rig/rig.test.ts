import {
  IGNORED_POD,
  POD_INFO_METRIC,
  POD_NAMESPACE,
  SCRAPED_POD,
} from './podExporter';
import {
  instantQuery,
  InstantSample,
  scrapedMetricSum,
  waitFor,
} from './prometheusApi';
import { SELF_SCRAPE_JOB } from './renderPrometheusConfig';
import { Rig, RigServer, startRig } from './startRig';
import { isAlive } from './stopPid';

const START_TIMEOUT_MS = 45_000;
const WAIT = { timeoutMs: 25_000, intervalMs: 250 };
// Batches leave every second instead of every 5s: keeps the waits short.
const valuesOptions = { queueConfig: { batchSendDeadline: '1s' } };
// The sent timestamp and shard gauges appear once the queue has sent its first batch.
const queueMetrics = [
  'prometheus_remote_storage_highest_timestamp_in_seconds',
  'prometheus_remote_storage_queue_highest_sent_timestamp_seconds',
  'prometheus_remote_storage_shards',
  'prometheus_remote_storage_samples_failed_total',
];

function seriesAtGlobal(rig: Rig, promql: string): Promise<InstantSample[]> {
  return instantQuery(rig.global.url, promql);
}

/** Waits until the global holds at least `count` series for the query. */
function untilSeries(rig: Rig, what: string, promql: string, count = 1) {
  const globalUrl = rig.global.url;
  return waitFor(
    what,
    async () => {
      const series = await instantQuery(globalUrl, promql);
      return series.length >= count ? series : undefined;
    },
    WAIT,
  );
}

describe('a global and two edge agents running the generated values', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig({
      edges: ['edge-a', 'edge-b'],
      scrapeInterval: '1s',
      valuesOptions,
    });
  }, START_TIMEOUT_MS);

  afterAll(() => rig?.stopAll(), 30_000);

  it("forwards each edge's pod series and its own remote-write metrics, labelled with its cluster", async () => {
    for (const edge of rig.edges) {
      const [pod] = await untilSeries(
        rig,
        `pod series of ${edge.name}`,
        `${POD_INFO_METRIC}{cluster="${edge.clusterLabel}"}`,
      );
      // Served only on the annotated path and port: the path and port relabel rules ran.
      expect(pod.metric).toMatchObject({
        cluster: edge.clusterLabel,
        job: 'kubernetes',
        namespace: POD_NAMESPACE,
        pod: SCRAPED_POD,
        app: 'fleet-rig-app',
      });
      expect(pod.metric.instance).toMatch(/^127\.0\.0\.1:\d+$/);

      const own = await untilSeries(
        rig,
        `remote-write metrics of ${edge.name}`,
        `{__name__=~"${queueMetrics.join(
          '|',
        )}", job="${SELF_SCRAPE_JOB}", cluster="${edge.clusterLabel}"}`,
        queueMetrics.length,
      );
      expect(own.map(s => s.metric.__name__).sort()).toEqual(
        [...queueMetrics].sort(),
      );
    }
  }, 60_000);

  it('carries a known cluster label on every series at the global, its own included', async () => {
    await untilSeries(
      rig,
      'the global scraping itself',
      `up{job="${SELF_SCRAPE_JOB}", cluster="${rig.global.clusterLabel}"}`,
    );
    const clusters = [rig.global, ...rig.edges]
      .map(c => c.clusterLabel)
      .join('|');
    expect(
      await seriesAtGlobal(rig, `{__name__=~".+", cluster!~"${clusters}"}`),
    ).toEqual([]);
  }, 30_000);

  it('drops the pod annotated prometheus.io/scrape: "false"', async () => {
    const [edge] = rig.edges;
    await untilSeries(
      rig,
      `pod series of ${edge.name}`,
      `${POD_INFO_METRIC}{cluster="${edge.clusterLabel}"}`,
    );
    expect(await seriesAtGlobal(rig, `{pod="${IGNORED_POD}"}`)).toEqual([]);
    // It was discovered, and the keep rule dropped it.
    const targets = await (
      await fetch(`${edge.url}/api/v1/targets?state=dropped`)
    ).json();
    expect(
      targets.data.droppedTargets.map(
        (t: any) => t.discoveredLabels.__meta_kubernetes_pod_name,
      ),
    ).toEqual([IGNORED_POD]);
  }, 30_000);

  it('stops an edge by PID and starts it again on the same port', async () => {
    const edge: RigServer = rig.edges[1];
    const pid = edge.pid!;
    await edge.stop();
    expect(edge.pid).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
    await edge.start();
    expect(edge.pid).not.toBe(pid);
    expect((await fetch(`${edge.url}/-/ready`)).ok).toBe(true);
  }, 30_000);
});

describe('edges whose writes are rejected', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig({
      edges: [
        { name: 'edge-flaky', writeFault: { status: 400, ratio: 0.5 } },
        { name: 'edge-down', writeFault: { status: 500 } },
      ],
      scrapeInterval: '1s',
      valuesOptions,
    });
  }, START_TIMEOUT_MS);

  afterAll(() => rig?.stopAll(), 30_000);

  it('4xx on half the writes: dropped batches show as failed samples at the global', async () => {
    const failed = await waitFor(
      'failed samples of edge-flaky at the global',
      async () => {
        const [series] = await seriesAtGlobal(
          rig,
          'prometheus_remote_storage_samples_failed_total{cluster="edge-flaky"} > 0',
        );
        return series;
      },
      WAIT,
    );
    expect(failed.metric).toMatchObject({
      remote_name: 'fleet-global',
      url: rig.edges[0].writeGate!.url,
    });
  }, 30_000);

  it('5xx on every write: the edge retries, and the global hears nothing from it until the fault clears', async () => {
    const edge = rig.edges[1];
    await waitFor(
      'retries on edge-down',
      async () => {
        const retried = await scrapedMetricSum(
          edge.url,
          'prometheus_remote_storage_samples_retried_total',
        );
        return retried && retried > 0 ? retried : undefined;
      },
      WAIT,
    );
    expect(edge.writeGate!.stats.forwarded).toBe(0);
    expect(await seriesAtGlobal(rig, '{cluster="edge-down"}')).toEqual([]);

    edge.writeGate!.fault = undefined;
    await untilSeries(
      rig,
      'edge-down after the fault cleared',
      `up{cluster="edge-down", job="${SELF_SCRAPE_JOB}"}`,
    );
  }, 45_000);
});
