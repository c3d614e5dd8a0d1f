import prometheus242 from './__fixtures__/prometheus-2.42-queue-health.json';
import { classifyEdgeHealth } from './classify';
import { edgeSamplesFor, parseQueueHealthResponses } from './parse';
import { buildQueueHealthQueries } from './queries';

describe('a cycle recorded from Prometheus 2.42', () => {
  const observation = parseQueueHealthResponses(prometheus242.responses);
  const health = (
    cluster: string,
    options: { remoteName?: string; silentAfter?: number } = {},
  ) =>
    classifyEdgeHealth(edgeSamplesFor(observation, cluster), {
      now: prometheus242.evaluatedAt * 1000,
      remoteName: options.remoteName,
      thresholds: {
        lagWarning: 60,
        lagCritical: 120,
        silentAfter: options.silentAfter ?? 300,
      },
    });

  it('was recorded with the queries the poller sends today', () => {
    expect(prometheus242.queries).toEqual(
      Object.fromEntries(buildQueueHealthQueries().map(q => [q.id, q.promql])),
    );
  });

  it('answers every query, lag included, from the older metric generation', () => {
    expect(observation.failures).toEqual([]);
    expect([...observation.edges.keys()]).toEqual([
      'edge-a',
      'edge-b',
      'edge-c',
      'edge-d',
      'global-eu',
    ]);
    const slow = observation.edges
      .get('edge-b')!
      .queues.find(q => q.remoteName === 'slow')!;
    expect(slow).toMatchObject({
      url: 'http://127.0.0.1:39196/api/v1/write',
      lagSeconds: 490,
      shards: { current: 1, max: 1 },
      pendingSamples: 2519,
    });
  });

  it.each(['edge-a', 'edge-b', 'edge-c', 'edge-d'])(
    'reads the fleet queue of %s as healthy',
    cluster => {
      expect(health(cluster, { remoteName: 'fleet-global-eu' })).toMatchObject({
        status: 'healthy',
        reasons: [],
        lagSeconds: 0,
      });
    },
  );

  it('reads a queue that cannot keep up as critical, and says how many shards it needs', () => {
    expect(health('edge-b')).toMatchObject({
      status: 'critical',
      lagSeconds: 490,
      reasons: [
        'slow: lag 490 s (8 min) over 120 s',
        'slow: desired shards 594 > max 1: raise maxShards to 773',
      ],
    });
  });

  it('reads rejected and retried sends', () => {
    expect(health('edge-c')).toMatchObject({
      status: 'critical',
      failedRate: 68.2,
      reasons: [
        'flaky: retrying 151 samples/s',
        'rejecting: 50 % of samples failed',
      ],
    });
  });

  it('reads a killed edge as silent once silentAfter passes, though its numbers are still in the window', () => {
    expect(
      health('edge-d', { remoteName: 'fleet-global-eu', silentAfter: 120 }),
    ).toMatchObject({
      status: 'silent',
      reasons: ['no sample for 190 s'],
      lagSeconds: 0,
      lastSeen: new Date(1795742735485).toISOString(),
    });
  });
});
