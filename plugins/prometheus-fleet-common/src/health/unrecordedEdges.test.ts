import { vectorAt } from '../__testUtils__/vectors';
import { parseRecordedResponses } from './parseRecorded';
import { buildQueueHealthQueries } from './queries';
import {
  buildUnrecordedEdgesQuery,
  withUnrecordedEdges,
} from './unrecordedEdges';

const AT = 1_767_000_000;
const vector = (result: Array<[Record<string, string>, number]>) =>
  vectorAt(AT, result);

describe('buildUnrecordedEdgesQuery', () => {
  const query = buildUnrecordedEdgesQuery(['edge.1', 'edge-2']);

  it('is every raw query, each selector restricted to the clusters named', () => {
    const selectors = query.match(
      /\b(prometheus_remote_storage_\w+|up|scrape_samples_post_metric_relabeling)\b(?!_)/g,
    )!;
    const restricted = query.match(/\{cluster=~"edge\\\\.1\|edge-2"\}/g)!;
    expect(selectors.length).toBeGreaterThan(10);
    expect(restricted).toHaveLength(selectors.length);
    for (const raw of buildQueueHealthQueries()) {
      expect(query.replace(/\{cluster=~"[^"]*"\}/g, '')).toContain(
        raw.promql.split(' or label_replace(prometheus_fleet:rules_info')[0],
      );
    }
  });

  it('does not ask for the rules info again', () => {
    expect(query).not.toContain('prometheus_fleet:');
  });
});

describe('withUnrecordedEdges', () => {
  const recorded = parseRecordedResponses({
    recordedQueues: vector([]),
    recordedClusters: vector([
      [{ cluster: 'edge-1', quantity: 'last_report' }, AT - 5],
    ]),
  });

  it('adds the edges the fallback found to those recorded, keeping the recorded ones', () => {
    const merged = withUnrecordedEdges(
      recorded,
      vector([
        [
          {
            cluster: 'edge-2',
            job: 'p',
            instance: 'i',
            quantity: 'highest_appended',
          },
          AT - 3,
        ],
        [
          {
            cluster: 'edge-1',
            job: 'p',
            instance: 'i',
            quantity: 'highest_appended',
          },
          AT - 100,
        ],
      ]),
    );
    expect(merged.edges.get('edge-1')?.lastSeen).toBe(AT - 5);
    expect(merged.edges.get('edge-2')?.lastSeen).toBe(AT - 3);
    expect(merged.failures).toEqual([]);
  });

  it('fails every raw query for the missing edges when the fallback failed', () => {
    const merged = withUnrecordedEdges(recorded, undefined);
    expect(merged.edges.get('edge-1')?.failedQueries).toEqual([]);
    expect(merged.failures.map(f => f.query)).toEqual([
      'timestamps',
      'current',
      'shardLimits',
      'sentAndFailed',
      'retriedAndDropped',
      'receiver',
    ]);
  });
});
