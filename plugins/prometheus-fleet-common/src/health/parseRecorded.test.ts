import { vectorAt } from '../__testUtils__/vectors';
import { FLEET_RULES_VERSION } from '../rules/rulesInfo';
import { parseRecordedResponses } from './parseRecorded';

const AT = 1_767_000_000;
const vector = (result: Array<[Record<string, string>, number]>) =>
  vectorAt(AT, result);
const queue = { cluster: 'edge-1', remote_name: 'fleet', url: 'http://g/w' };
const RULES_INFO = {
  quantity: 'rules_info',
  version: FLEET_RULES_VERSION,
  window: '5m',
  last_report_window: '1h',
};

const queues = vector([
  [{ ...queue, quantity: 'shards' }, 2],
  [{ ...queue, quantity: 'pending' }, 10],
  [{ ...queue, quantity: 'desired_shards' }, 3],
  [{ ...queue, quantity: 'max_shards' }, 50],
  [{ ...queue, quantity: 'sent' }, 120],
  [{ ...queue, quantity: 'failed' }, 2],
]);
const clusters = vector([
  [{ ...queue, quantity: 'lag' }, 12.3456789],
  [{ cluster: 'edge-1', quantity: 'last_report' }, AT - 5],
  [{ cluster: 'edge-1', quantity: 'targets_up' }, 4],
  [{ cluster: 'edge-1', quantity: 'series_per_scrape' }, 900],
  [{ cluster: 'edge-1', quantity: 'newest_sample' }, AT - 6],
  [RULES_INFO, 1],
]);

describe('parseRecordedResponses', () => {
  it('gives the samples the raw queries would, lag to the millisecond', () => {
    const observation = parseRecordedResponses({
      recordedQueues: queues,
      recordedClusters: clusters,
    });
    expect(observation.failures).toEqual([]);
    expect(observation.edges.get('edge-1')).toEqual({
      cluster: 'edge-1',
      queues: [
        {
          remoteName: 'fleet',
          url: 'http://g/w',
          lagSeconds: 12.346,
          shards: { current: 2, desired: 3, max: 50 },
          pendingSamples: 10,
          sentRate: 120,
          failedRate: 2,
          retriedRate: 0,
          droppedRate: 0,
        },
      ],
      lastSeen: AT - 5,
      receiver: {
        targetsUp: 4,
        targetsDown: 0,
        seriesPerScrape: 900,
        newestSample: AT - 6,
      },
      failedQueries: [],
    });
    expect(observation.rulesInfo).toEqual({
      version: FLEET_RULES_VERSION,
      window: '5m',
      lastReportWindow: '1h',
    });
  });

  it('fails each raw query a failed recorded query stands for, and no other', () => {
    const observation = parseRecordedResponses({ recordedClusters: clusters });
    expect(observation.failures.map(f => f.query)).toEqual([
      'current',
      'shardLimits',
      'sentAndFailed',
      'retriedAndDropped',
    ]);
    expect(observation.failures[0].message).toBe(
      'The recordedQueues query got no response.',
    );
    const [edgeQueue] = observation.edges.get('edge-1')!.queues;
    expect(edgeQueue.lagSeconds).toBe(12.346);
    // Unknown, not zero: the query that would say failed.
    expect(edgeQueue.failedRate).toBeNull();
  });

  it('tells a global without the rules from one whose rules query failed', () => {
    expect(
      parseRecordedResponses({
        recordedQueues: queues,
        recordedClusters: vector([]),
      }).rulesInfo,
    ).toBeNull();
    expect(
      parseRecordedResponses({ recordedQueues: queues }).rulesInfo,
    ).toBeUndefined();
  });

  it('takes no quantity from the query that does not return it', () => {
    const observation = parseRecordedResponses({
      recordedQueues: vector([
        [{ ...queue, quantity: 'lag' }, 9999],
        [RULES_INFO, 1],
      ]),
      recordedClusters: vector([[{ ...queue, quantity: 'failed' }, 9999]]),
    });
    expect(observation.edges.get('edge-1')?.queues ?? []).toEqual([]);
    expect(observation.rulesInfo).toBeNull();
  });
});
