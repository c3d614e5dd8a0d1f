import { ENGINE_TRAITS, FLEET_ENGINES } from '../engines';
import {
  buildQueueHealthQueries,
  InvalidDurationError,
  QUEUE_HEALTH_QUANTITIES,
  QUEUE_HEALTH_QUERY_IDS,
  RULES_INFO_QUANTITY,
} from './queries';

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

  it('groups the timestamps by server, everything else by queue', () => {
    const groupings = (id: string) =>
      new Set(promql(id).match(/ by \([^)]*\)/g));
    expect(groupings('timestamps')).toEqual(
      new Set([
        ' by (cluster, job, instance)',
        ' by (cluster, job, instance, remote_name, url)',
      ]),
    );
    for (const id of [
      'current',
      'shardLimits',
      'sentAndFailed',
      'retriedAndDropped',
    ]) {
      expect(groupings(id)).toEqual(
        new Set([' by (cluster, remote_name, url)']),
      );
    }
  });

  it('selects each metric once in the whole cycle', () => {
    const selected = queries.flatMap(
      q => q.promql.match(/prometheus_remote_storage_\w+/g) ?? [],
    );
    expect(selected.length).toBe(new Set(selected).size);
    // Both generations of every counter, gauge and timestamp the mixin reads.
    expect(selected.length).toBe(16);
  });

  it('reads the timestamps of both metric generations, the lag and last seen from them', () => {
    expect(promql('timestamps')).toBe(
      'label_replace(max by (cluster, job, instance) (max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds[1h])), "quantity", "highest_appended", "", "")' +
        ' or label_replace(max by (cluster, job, instance, remote_name, url) (max_over_time(prometheus_remote_storage_queue_highest_timestamp_seconds[1h])), "quantity", "highest_enqueued", "", "")' +
        ' or label_replace(max by (cluster, job, instance, remote_name, url) (max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds[5m])) > 0, "quantity", "highest_sent", "", "")',
    );
  });

  it('tags shards, pending samples and rates by quantity, with the mixin windows and both counter names', () => {
    expect(promql('current')).toBe(
      'label_replace(max by (cluster, remote_name, url) (last_over_time(prometheus_remote_storage_shards[5m])), "quantity", "shards", "", "")' +
        ' or label_replace(max by (cluster, remote_name, url) (last_over_time(prometheus_remote_storage_samples_pending[5m])' +
        ' or last_over_time(prometheus_remote_storage_pending_samples[5m])), "quantity", "pending", "", "")',
    );
    expect(promql('shardLimits')).toBe(
      'label_replace(max by (cluster, remote_name, url) (max_over_time(prometheus_remote_storage_shards_desired[5m])), "quantity", "desired_shards", "", "")' +
        ' or label_replace(max by (cluster, remote_name, url) (max_over_time(prometheus_remote_storage_shards_max[5m])), "quantity", "max_shards", "", "")',
    );
    const rate = (quantity: string, current: string, legacy: string) =>
      `label_replace(sum by (cluster, remote_name, url) (rate(prometheus_remote_storage_${current}[5m])` +
      ` or rate(prometheus_remote_storage_${legacy}[5m])), "quantity", "${quantity}", "", "")`;
    const aboveZero = (quantity: string, current: string, legacy: string) =>
      `label_replace(sum by (cluster, remote_name, url) (rate(prometheus_remote_storage_${current}[5m])` +
      ` or rate(prometheus_remote_storage_${legacy}[5m])) > 0, "quantity", "${quantity}", "", "")`;
    expect(promql('sentAndFailed')).toBe(
      [
        rate('sent', 'samples_total', 'succeeded_samples_total'),
        aboveZero('failed', 'samples_failed_total', 'failed_samples_total'),
      ].join(' or '),
    );
    expect(promql('retriedAndDropped')).toBe(
      [
        aboveZero('retried', 'samples_retried_total', 'retried_samples_total'),
        aboveZero('dropped', 'samples_dropped_total', 'dropped_samples_total'),
      ].join(' or '),
    );
  });

  it('tags each quantity with the query that returns it', () => {
    for (const { id, promql: text } of queries) {
      const tags = [...text.matchAll(/"quantity", "(\w+)"/g)].map(m => m[1]);
      expect(tags).toEqual([
        ...QUEUE_HEALTH_QUANTITIES[id],
        // The receiver query also tells whether the global runs the generated rules.
        ...(id === 'receiver' ? [RULES_INFO_QUANTITY] : []),
      ]);
    }
  });

  it('writes configured windows in PromQL units', () => {
    const custom = buildQueueHealthQueries({
      window: 600,
      lastSeenWindow: 2 * 86400 + 90,
    });
    expect(custom.map(q => q.id)).toEqual([...QUEUE_HEALTH_QUERY_IDS]);
    const text = custom.map(q => q.promql).join('\n');
    expect(text).toContain('[10m]');
    expect(text).toContain('[172890s]');
    expect(text).not.toMatch(/\[(5m|1h)\]/);
    expect(
      buildQueueHealthQueries({ window: 7200 }).find(
        q => q.id === 'shardLimits',
      )!.promql,
    ).toContain('[2h]');
  });

  it.each([0, 0.4, -300, NaN])('rejects the window %p', window => {
    expect(() => buildQueueHealthQueries({ window })).toThrow(
      InvalidDurationError,
    );
  });
});

describe('query shapes per engine', () => {
  const prometheus = buildQueueHealthQueries();

  it.each(FLEET_ENGINES.filter(engine => ENGINE_TRAITS[engine].tenantLabel))(
    '%s federated: the same queries, every grouping keeping the tenant label',
    engine => {
      const label = ENGINE_TRAITS[engine].tenantLabel!;
      const federated = buildQueueHealthQueries({ tenantLabel: label });
      expect(federated.map(q => q.id)).toEqual(prometheus.map(q => q.id));
      for (const [index, { promql }] of federated.entries()) {
        const groupings = promql.match(/ by \([^)]*\)/g) ?? [];
        expect(groupings.length).toBeGreaterThan(0);
        for (const grouping of groupings) {
          expect(grouping.slice(5, -1).split(', ')).toContain(label);
        }
        // Only the groupings change: without the label, the Prometheus query.
        expect(promql.split(`, ${label}`).join('')).toBe(
          prometheus[index].promql,
        );
      }
    },
  );

  it('gives Mimir and Cortex __tenant_id__, Thanos tenant_id, the others no tenant label', () => {
    expect(
      Object.fromEntries(
        FLEET_ENGINES.map(engine => [
          engine,
          ENGINE_TRAITS[engine].tenantLabel,
        ]),
      ),
    ).toEqual({
      prometheus: undefined,
      mimir: '__tenant_id__',
      cortex: '__tenant_id__',
      thanos: 'tenant_id',
      victoriametrics: undefined,
    });
  });
});
