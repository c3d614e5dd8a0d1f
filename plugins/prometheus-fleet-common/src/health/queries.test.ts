import { InvalidDurationError } from './duration';
import { buildQueueHealthQueries, QUEUE_HEALTH_QUERY_IDS } from './queries';

describe('buildQueueHealthQueries', () => {
  const queries = buildQueueHealthQueries();
  const promql = (id: string) => queries.find(q => q.id === id)!.promql;

  it('is a fixed set of at most 8 queries, one per id', () => {
    expect(queries.map(q => q.id)).toEqual([...QUEUE_HEALTH_QUERY_IDS]);
    expect(queries.length).toBeLessThanOrEqual(8);
  });

  it('takes nothing from the fleet: no cluster value, only durations', () => {
    // The only input is the window options; the same call gives the same text.
    expect(buildQueueHealthQueries()).toEqual(queries);
    for (const { promql: text } of queries) {
      expect(text).not.toMatch(/\{[^}]*cluster/);
      expect(text).not.toMatch(/cluster\s*(=|!=|=~|!~)\s*"/);
    }
  });

  it('groups every queue query by (cluster, remote_name, url), last-seen by cluster', () => {
    for (const id of ['lag', 'shards', 'pending', 'rates']) {
      const groupings = promql(id).match(/ by \([^)]*\)/g)!;
      expect(groupings.length).toBeGreaterThan(0);
      expect(new Set(groupings)).toEqual(
        new Set([' by (cluster, remote_name, url)']),
      );
    }
    expect(new Set(promql('lastSeen').match(/ by \([^)]*\)/g))).toEqual(
      new Set([' by (cluster)']),
    );
  });

  it('reads lag from both metric generations, the newer one first', () => {
    expect(promql('lag')).toBe(
      'max by (cluster, remote_name, url) (' +
        'max_over_time(prometheus_remote_storage_queue_highest_timestamp_seconds[5m])' +
        ' - (max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds[5m]) > 0))' +
        ' or max by (cluster, remote_name, url) (' +
        'max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds[5m])' +
        ' - ignoring(remote_name, url) group_right()' +
        ' (max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds[5m]) > 0))',
    );
  });

  it('tags shards and rates by quantity, with the mixin windows and both counter names', () => {
    expect(promql('shards')).toBe(
      'label_replace(max by (cluster, remote_name, url) (last_over_time(prometheus_remote_storage_shards[5m])), "quantity", "current", "", "")' +
        ' or label_replace(max by (cluster, remote_name, url) (max_over_time(prometheus_remote_storage_shards_desired[5m])), "quantity", "desired", "", "")' +
        ' or label_replace(max by (cluster, remote_name, url) (max_over_time(prometheus_remote_storage_shards_max[5m])), "quantity", "max", "", "")',
    );
    expect(promql('pending')).toBe(
      'max by (cluster, remote_name, url) (last_over_time(prometheus_remote_storage_samples_pending[5m])' +
        ' or last_over_time(prometheus_remote_storage_pending_samples[5m]))',
    );
    const rate = (quantity: string, current: string, legacy: string) =>
      `label_replace(sum by (cluster, remote_name, url) (rate(prometheus_remote_storage_${current}[5m])` +
      ` or rate(prometheus_remote_storage_${legacy}[5m])), "quantity", "${quantity}", "", "")`;
    const aboveZero = (quantity: string, current: string, legacy: string) =>
      `label_replace(sum by (cluster, remote_name, url) (rate(prometheus_remote_storage_${current}[5m])` +
      ` or rate(prometheus_remote_storage_${legacy}[5m])) > 0, "quantity", "${quantity}", "", "")`;
    expect(promql('rates')).toBe(
      [
        rate('sent', 'samples_total', 'succeeded_samples_total'),
        aboveZero('failed', 'samples_failed_total', 'failed_samples_total'),
        aboveZero('retried', 'samples_retried_total', 'retried_samples_total'),
        aboveZero('dropped', 'samples_dropped_total', 'dropped_samples_total'),
      ].join(' or '),
    );
  });

  it("finds the newest sample of the edge's own metrics exactly, and the highest timestamp it reported when it is quiet for longer", () => {
    expect(promql('lastSeen')).toBe(
      'max by (cluster) (timestamp(prometheus_remote_storage_highest_timestamp_in_seconds))' +
        ' or max by (cluster) (' +
        'max_over_time(prometheus_remote_storage_queue_highest_timestamp_seconds[1h])' +
        ' or max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds[1h]))',
    );
  });

  it('writes configured windows in PromQL units', () => {
    const custom = buildQueueHealthQueries({
      window: 600,
      lastSeenWindow: 2 * 86400 + 90,
    });
    expect(custom.map(q => q.id)).toEqual([...QUEUE_HEALTH_QUERY_IDS]);
    expect(custom.find(q => q.id === 'rates')!.promql).toContain('[10m]');
    expect(custom.find(q => q.id === 'rates')!.promql).not.toContain('[5m]');
    expect(custom.find(q => q.id === 'lastSeen')!.promql).toContain(
      '[172890s]',
    );
    expect(buildQueueHealthQueries({ window: 7200 })[0].promql).toContain(
      '[2h]',
    );
  });

  it.each([0, 0.4, -300, NaN])('rejects the window %p', window => {
    expect(() => buildQueueHealthQueries({ window })).toThrow(
      InvalidDurationError,
    );
  });
});
