import prometheus242 from './__fixtures__/prometheus-2.42-queue-health.json';
import prometheus35 from './__fixtures__/prometheus-3.5-queue-health.json';
import { classifyEdgeHealth } from './classify';
import { edgeSamplesFor, parseQueueHealthResponses } from './parse';
import { buildQueueHealthQueries } from './queries';

// Both releases export the older metric generation: 3.7 added the per-queue enqueued timestamp.
describe.each([
  ['Prometheus 2.42', prometheus242],
  ['Prometheus 3.5', prometheus35],
])('a cycle recorded from %s', (_, recording) => {
  const observation = parseQueueHealthResponses(recording.responses);
  const health = (
    cluster: string,
    options: { remoteName?: string; silentAfter?: number } = {},
  ) =>
    classifyEdgeHealth(edgeSamplesFor(observation, cluster), {
      now: recording.evaluatedAt * 1000,
      remoteName: options.remoteName,
      thresholds: {
        lagWarning: 60,
        lagCritical: 120,
        silentAfter: options.silentAfter ?? 300,
      },
    });

  it('was recorded with the queries the poller sends today', () => {
    expect(recording.queries).toEqual(
      Object.fromEntries(buildQueueHealthQueries().map(q => [q.id, q.promql])),
    );
  });

  it('answers every query, lag included, from the older metric generation', () => {
    expect(observation.failures).toEqual([]);
    expect([...observation.edges.keys()]).toEqual([
      'edge-healthy',
      'edge-killed',
      'edge-rejecting',
      'edge-retrying',
      'edge-slow',
      'global-eu',
    ]);
    for (const [cluster, samples] of observation.edges) {
      if (cluster === 'global-eu') continue;
      expect(samples.queues).toEqual([
        expect.objectContaining({
          remoteName: 'fleet-global-eu',
          lagSeconds: expect.any(Number),
          shards: {
            current: 1,
            desired: expect.any(Number),
            max: expect.any(Number),
          },
          pendingSamples: expect.any(Number),
          sentRate: expect.any(Number),
        }),
      ]);
    }
  });

  it("holds each running edge's scrape targets, none of the killed one's past the lookback", () => {
    for (const cluster of [
      'edge-healthy',
      'edge-rejecting',
      'edge-retrying',
      'edge-slow',
    ]) {
      const { receiver } = observation.edges.get(cluster)!;
      // The simulated pod and the agent itself, each giving a few hundred series.
      expect(receiver).toEqual({
        targetsUp: 2,
        targetsDown: 0,
        seriesPerScrape: expect.any(Number),
        newestSample: expect.any(Number),
      });
      expect(receiver!.seriesPerScrape).toBeGreaterThan(100);
      // Scrapes travel through the same queue as the queue metrics.
      expect(
        recording.evaluatedAt - receiver!.newestSample!,
      ).toBeLessThanOrEqual(
        recording.evaluatedAt - observation.edges.get(cluster)!.lastSeen! + 2,
      );
    }
    expect(observation.edges.get('edge-killed')!.receiver).toEqual({
      targetsUp: 0,
      targetsDown: 0,
      seriesPerScrape: null,
      newestSample: null,
    });
  });

  it('reads a healthy edge as healthy, its lag a second at most', () => {
    const healthy = health('edge-healthy');
    expect(healthy).toMatchObject({
      status: 'healthy',
      reasons: [],
      failedRate: 0,
      retriedRate: 0,
      droppedRate: 0,
    });
    expect(healthy.lagSeconds).toBeLessThanOrEqual(1);
  });

  it('reads rejected sends as critical, and retried sends as a warning', () => {
    expect(health('edge-rejecting')).toMatchObject({
      status: 'critical',
      reasons: [
        {
          code: 'samples-failed',
          message: expect.stringMatching(/^\d+(\.\d)? % of samples failed$/),
        },
      ],
    });
    expect(health('edge-retrying')).toMatchObject({
      status: 'warning',
      reasons: [
        {
          code: 'samples-retried',
          message: expect.stringMatching(/^retrying \d+(\.\d)? samples\/s$/),
        },
      ],
    });
  });

  it('reads a queue that cannot keep up: behind, and short of shards', () => {
    const slow = health('edge-slow');
    // Its receiver answers each batch after 4 s.
    expect(slow.lagSeconds).toBeGreaterThan(4);
    expect(slow.shards.desired).toBeGreaterThan(slow.shards.max!);
    expect(slow.reasons).toContainEqual({
      code: 'desired-shards-over-max',
      message: expect.stringMatching(
        /^desired shards [\d.]+ > max 1: raise maxShards to \d+$/,
      ),
    });
    // Its own metrics travel through the slow queue, so the global sees them
    // late: as late as the lag, give or take the one-second scrape that
    // separates the appended and sent timestamps (whole seconds in the
    // recordings: either side may round).
    expect(
      recording.evaluatedAt - Date.parse(slow.lastSeen!) / 1000,
    ).toBeGreaterThanOrEqual(slow.lagSeconds! - 1);
  });

  it('reads an edge stopped past the lookback as silent, from the highest timestamp it reported', () => {
    expect(health('edge-killed', { silentAfter: 60 })).toMatchObject({
      status: 'silent',
      reasons: [
        {
          code: 'no-sample',
          message: expect.stringMatching(/^no sample for 9\d s$/),
        },
      ],
    });
    expect(health('edge-killed', { silentAfter: 300 }).status).toBe('healthy');
  });
});
