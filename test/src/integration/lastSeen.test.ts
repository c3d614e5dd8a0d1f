import { buildQueueHealthQueries } from 'backstage-plugin-prometheus-fleet-common';
import { instantQuery, waitFor } from '../rig/prometheusApi';
import { Rig, startRig } from '../rig/startRig';

/**
 * When an edge quiet for longer than the global's lookback delta was last
 * seen, once its series no longer answer instant selectors. The global runs
 * with a 15 s lookback so that this takes seconds, not the default 5 minutes.
 */

const LOOKBACK_SECONDS = 15;
const timestampsQuery = buildQueueHealthQueries({ lastSeenWindow: 600 }).find(
  q => q.id === 'timestamps',
)!.promql;

const print = (line: string) => process.stdout.write(`[last seen] ${line}\n`);

describe('last seen of an edge quiet past the lookback', () => {
  let rig: Rig;

  beforeAll(async () => {
    rig = await startRig({
      edges: ['edge-a', 'edge-b'],
      scrapeInterval: '1s',
      valuesOptions: { queueConfig: { batchSendDeadline: '1s' } },
      globalFlags: [`--query.lookback-delta=${LOOKBACK_SECONDS}s`],
    });
  }, 60_000);

  afterAll(() => rig?.stopAll(), 30_000);

  const lastSeen = async () =>
    new Map(
      (await instantQuery(rig.global.url, timestampsQuery))
        .filter(sample => sample.metric.quantity === 'highest_appended')
        .map(sample => [sample.metric.cluster, Number(sample.value[1])]),
    );

  it('is when the edge last appended, from the highest timestamp it reported', async () => {
    // An agent's first report of its highest timestamp is the 0 it starts at.
    await waitFor(
      'both edges seen, past their first report',
      async () => {
        const seen = await lastSeen();
        return seen.size === 3 && [...seen.values()].every(at => at > 0)
          ? true
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const edgeA = rig.edges[0];
    const stoppedAt = Date.now() / 1000;
    await edgeA.stop();

    await waitFor(
      'edge-a beyond the lookback',
      async () => {
        const up = await instantQuery(
          rig.global.url,
          'timestamp(up{cluster="edge-a"})',
        );
        return up.length === 0 ? true : undefined;
      },
      { timeoutMs: (LOOKBACK_SECONDS + 15) * 1000 },
    );
    const seen = await lastSeen();
    const now = Date.now() / 1000;
    print(
      `edge-a stopped ${(now - stoppedAt).toFixed(1)} s ago, last seen ${(
        now - seen.get('edge-a')!
      ).toFixed(1)} s ago; edge-b last seen ${(
        now - seen.get('edge-b')!
      ).toFixed(1)} s ago`,
    );

    // Appended within a scrape interval and a batch before the stop.
    expect(seen.get('edge-a')).toBeGreaterThan(stoppedAt - 3);
    expect(seen.get('edge-a')).toBeLessThanOrEqual(stoppedAt + 1);
    // A running edge: a scrape, a batch and a busy machine's delay at most.
    expect(now - seen.get('edge-b')!).toBeLessThan(5);
  }, 60_000);
});
