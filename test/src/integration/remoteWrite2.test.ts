import { ANNOTATION_REMOTE_WRITE_PROTOCOL } from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { RIG_PROMETHEUS_MAJOR } from '../rig/binaries';
import { instantQuery, waitFor } from '../rig/prometheusApi';
import { Rig, startRig } from '../rig/startRig';
import { CountingClient } from './countingClient';
import { hasStatus, isHealthyWithLag, untilEdgeHealth } from './edgeHealth';
import { FleetBackend } from './fleetBackend';
import { expectHealthyEdges, RigPolling, startRigBackend } from './rigPolling';

/**
 * A global marked `remote-write-protocol: v2` and a Prometheus 3 agent
 * running the values generated for it, writing through a gate that records
 * what it sends. On the Prometheus 3 leg the global is a 3.x receiver; on the
 * 2.42 leg it is not, which is the mistake the annotation's docs warn of.
 */

const RW2_MESSAGE = 'io.prometheus.write.v2.Request';
const polling: RigPolling = {
  cycleSeconds: 2,
  lagWarningSeconds: 30,
  silentAfterSeconds: 20,
  queueConfig: { batchSendDeadline: '1s', maxShards: 10 },
};
const print = (line: string) =>
  process.stdout.write(`[remote-write 2.0] ${line}\n`);

describe(`Remote-Write 2.0 from a Prometheus 3 agent to a Prometheus ${RIG_PROMETHEUS_MAJOR} global`, () => {
  let rig: Rig;
  let backend: FleetBackend;

  beforeAll(async () => {
    rig = await startRig({
      edges: [{ name: 'edge-rw2', observeWrites: true }],
      edgePrometheus: 3,
      globalAnnotations: { [ANNOTATION_REMOTE_WRITE_PROTOCOL]: 'v2' },
      scrapeInterval: '1s',
      valuesOptions: { queueConfig: polling.queueConfig },
    });
    backend = await startRigBackend(
      rig,
      polling,
      new CountingClient(new FetchPrometheusQueryClient()),
    );
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await rig?.stopAll();
  }, 60_000);

  const gate = () => rig.edges[0].writeGate!;

  if (RIG_PROMETHEUS_MAJOR === 3) {
    it('writes Remote-Write 2.0 only, and the edge is polled healthy', async () => {
      const healths = await untilEdgeHealth(backend, 'edge-rw2 healthy', {
        'edge-rw2': isHealthyWithLag,
      });
      expectHealthyEdges(healths, polling);
      expect([...gate().stats.contentTypes]).toEqual([
        `application/x-protobuf;proto=${RW2_MESSAGE}`,
      ]);
      expect([...gate().stats.upstreamStatuses]).toEqual([204]);
      const pods = await instantQuery(
        rig.global.url,
        'count(up{cluster="edge-rw2", job="kubernetes"})',
      );
      expect(pods.map(sample => Number(sample.value[1]))).toEqual([1]);
      print(`edge-rw2 healthy, ${gate().stats.forwarded} RW2 requests`);
    }, 90_000);
  } else {
    // A 2.x receiver decodes the 2.0 message as a 1.0 one, finds nothing in
    // it and answers 204. The sender counts every sample failed, for want of
    // the 2.0 response headers, but its own metrics are in that queue too: the
    // global never hears from the edge.
    it('is answered 204 by a 2.x global that stores nothing, and the edge reads silent, never heard of', async () => {
      await waitFor('writes answered by the global', async () =>
        gate().stats.forwarded > 5 ? true : undefined,
      );
      const [health] = (
        await untilEdgeHealth(backend, 'edge-rw2 polled', {
          'edge-rw2': hasStatus('pending'),
        })
      ).values();
      expect(health.reasons.map(reason => reason.code)).toEqual([
        'awaiting-first-data',
      ]);
      expect([...gate().stats.upstreamStatuses]).toEqual([204]);
      const fromEdge = await instantQuery(
        rig.global.url,
        'count({cluster="edge-rw2"})',
      );
      expect(fromEdge).toEqual([]);
      print(
        `edge-rw2 ${health.status}: the 2.42 global answered 204 to ${
          gate().stats.forwarded
        } RW2 requests and holds no series of the edge`,
      );
    }, 90_000);
  }
});
