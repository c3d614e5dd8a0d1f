import { parse } from 'yaml';
import { ANNOTATION_GLOBAL, ANNOTATION_TENANT } from '../annotations';
import { resolveFleet } from '../fleet';
import { fleetLookup } from '../fleetLookup';
import { Fleet, ValuesOptions } from '../types';
import { generateValues } from '../values';
import { edgeEntity, globalEntity } from '../__testUtils__/entities';
import { FLEET_RULES_NAME, globalRuleGroups } from './globalRules';
import { AlertingRule, RecordingRule, RuleGroup } from './ruleTypes';
import { FLEET_RULES_VERSION } from './rulesInfo';
import { FLEET_SERIES } from './seriesNames';

const HOSTILE_OWNER = 'group:default/a"b\\c{{ .labels }}';

function fleet(): Fleet {
  return resolveFleet([
    globalEntity('global-eu'),
    globalEntity('global-us'),
    edgeEntity('edge-b', { [ANNOTATION_GLOBAL]: 'resource:default/global-eu' }),
    edgeEntity(
      'edge-a',
      { [ANNOTATION_GLOBAL]: 'resource:default/global-eu' },
      { spec: { owner: HOSTILE_OWNER } },
    ),
    edgeEntity('edge-us', {
      [ANNOTATION_GLOBAL]: 'resource:default/global-us',
    }),
    // Blocking problem: no values, so nothing to expect from it.
    edgeEntity('edge-broken', {
      [ANNOTATION_GLOBAL]: 'resource:default/global-eu',
      [ANNOTATION_TENANT]: 'bad tenant\n',
    }),
  ]);
}

function rulesOf(options: ValuesOptions = {}): RuleGroup[] {
  const resolved = fleet();
  const global = resolved.clusters.find(c => c.name === 'global-eu')!;
  return globalRuleGroups(global, resolved.clusters, options);
}

const records = (groups: RuleGroup[]) =>
  groups[0].rules.filter((r): r is RecordingRule => 'record' in r);
const alerts = (groups: RuleGroup[]) =>
  groups[0].rules.filter((r): r is AlertingRule => 'alert' in r);
const expected = (groups: RuleGroup[]) =>
  records(groups).filter(r => r.record === FLEET_SERIES.expectedEdge);

describe('globalRuleGroups', () => {
  it('records that they run, the queue and receiver series, then the expected edges, then alerts, in one group', () => {
    const groups = rulesOf();
    expect(groups.map(g => g.name)).toEqual([FLEET_RULES_NAME]);
    expect(
      groups[0].rules.map(r => ('record' in r ? r.record : r.alert)),
    ).toEqual([
      'prometheus_fleet:rules_info',
      'prometheus_fleet:remote_write_lag_seconds',
      'prometheus_fleet:remote_write_shards',
      'prometheus_fleet:remote_write_shards_desired',
      'prometheus_fleet:remote_write_shards_max',
      'prometheus_fleet:remote_write_samples_pending',
      'prometheus_fleet:remote_write_samples_sent:rate5m',
      'prometheus_fleet:remote_write_samples_failed:rate5m',
      'prometheus_fleet:remote_write_samples_retried:rate5m',
      'prometheus_fleet:remote_write_samples_dropped:rate5m',
      'prometheus_fleet:edge_last_report_timestamp_seconds',
      'prometheus_fleet:cluster_targets_up',
      'prometheus_fleet:cluster_targets_down',
      'prometheus_fleet:cluster_series_per_scrape',
      'prometheus_fleet:cluster_newest_scrape_timestamp_seconds',
      'prometheus_fleet:edge_expected',
      'prometheus_fleet:edge_expected',
      'prometheus_fleet:edge_first_expected_timestamp_seconds',
      'prometheus_fleet:edge_first_report_timestamp_seconds',
      'PrometheusFleetEdgeSilent',
      'PrometheusFleetRemoteWriteBehind',
      'PrometheusFleetDesiredShards',
      'PrometheusFleetRemoteWriteFailures',
    ]);
  });

  it('labels the rules info with their generation and windows, which the poller checks', () => {
    const info = records(rulesOf({ thresholds: { silentAfter: 7200 } })).find(
      r => r.record === FLEET_SERIES.rulesInfo,
    );
    expect(info).toEqual({
      record: FLEET_SERIES.rulesInfo,
      expr: 'vector(1)',
      labels: {
        version: FLEET_RULES_VERSION,
        window: '5m',
        last_report_window: '2h',
      },
    });
  });

  it('expects each edge of this global that has values, with its owner, and no other', () => {
    expect(expected(rulesOf())).toEqual([
      {
        record: FLEET_SERIES.expectedEdge,
        expr: 'vector(1)',
        labels: { cluster: 'edge-a', owner: HOSTILE_OWNER },
      },
      {
        record: FLEET_SERIES.expectedEdge,
        expr: 'vector(1)',
        labels: { cluster: 'edge-b', owner: 'group:default/platform' },
      },
    ]);
  });

  it('links each edge to its Monitoring tab when the app base URL is known', () => {
    const groups = rulesOf({ appBaseUrl: 'https://backstage.example.com' });
    expect(expected(groups).map(r => r.labels?.monitoring_url)).toEqual([
      'https://backstage.example.com/catalog/default/resource/edge-a/monitoring',
      'https://backstage.example.com/catalog/default/resource/edge-b/monitoring',
    ]);
    for (const alert of alerts(groups)) {
      expect(alert.annotations.monitoring_url).toBe(
        '{{ $labels.monitoring_url }}',
      );
    }
    for (const alert of alerts(rulesOf())) {
      expect(alert.annotations).not.toHaveProperty('monitoring_url');
    }
  });

  it('gives every alert a severity, a summary and the owner, and joins it to the expected edges by cluster', () => {
    for (const alert of alerts(rulesOf())) {
      expect(['critical', 'warning']).toContain(alert.labels.severity);
      expect(alert.annotations.summary).toContain('{{ $labels.cluster }}');
      expect(alert.annotations.owner).toBe('{{ $labels.owner }}');
      expect(alert.expr).toContain(FLEET_SERIES.expectedEdge);
      expect(alert.expr).toMatch(/on \(cluster\)/);
    }
  });

  it('keeps catalog strings out of PromQL and templates: only expected-edge labels carry them', () => {
    const groups = rulesOf({ appBaseUrl: 'https://backstage.example.com' });
    const elsewhere = groups[0].rules
      .filter(r => !('record' in r && r.record === FLEET_SERIES.expectedEdge))
      .map(r => JSON.stringify(r));
    for (const text of elsewhere) {
      expect(text).not.toContain('edge-a');
      expect(text).not.toContain('a\\"b');
    }
  });

  it('writes a hostile owner through the values YAML unchanged', () => {
    const resolved = fleet();
    const global = resolved.clusters.find(c => c.name === 'global-eu')!;
    const generated = generateValues(global, fleetLookup(resolved));
    const fromYaml = parse(generated.yaml);
    expect(fromYaml).toEqual(generated.values);
    const rules: RecordingRule[] =
      fromYaml.additionalPrometheusRulesMap[FLEET_RULES_NAME].groups[0].rules;
    expect(rules.find(r => r.labels?.cluster === 'edge-a')?.labels?.owner).toBe(
      HOSTILE_OWNER,
    );
  });

  it('takes its thresholds from the options, mixin defaults otherwise', () => {
    const byName = (groups: RuleGroup[], name: string) =>
      alerts(groups).find(a => a.alert === name)!;
    const defaults = rulesOf();
    expect(byName(defaults, 'PrometheusFleetRemoteWriteBehind').expr).toContain(
      '> 120)',
    );
    expect(byName(defaults, 'PrometheusFleetEdgeSilent')).toMatchObject({
      expr: expect.stringContaining('<= 300)'),
      for: '1m',
    });

    const tuned = rulesOf({
      thresholds: { lagCritical: 90, silentAfter: 7200 },
    });
    expect(byName(tuned, 'PrometheusFleetRemoteWriteBehind').expr).toContain(
      '> 90)',
    );
    expect(byName(tuned, 'PrometheusFleetEdgeSilent')).toMatchObject({
      expr: expect.stringContaining('<= 7200)'),
      for: '24m',
    });
    // The last report is searched back at least silentAfter, so that an edge
    // is not taken for silent before it is.
    expect(
      records(tuned).find(r => r.record === FLEET_SERIES.lastReport)?.expr,
    ).toContain('[2h]');
  });

  it('keeps since when each edge is expected and has reported, from their own previous values, for expected edges only', () => {
    const kept = (name: string) =>
      records(rulesOf()).find(r => r.record === name)!;
    expect(kept(FLEET_SERIES.edgeFirstExpected)).toEqual({
      record: FLEET_SERIES.edgeFirstExpected,
      expr: `(${FLEET_SERIES.edgeFirstExpected} and on (cluster) ${FLEET_SERIES.expectedEdge}) or min by (cluster) (timestamp(${FLEET_SERIES.expectedEdge}))`,
    });
    expect(kept(FLEET_SERIES.edgeFirstReport)).toEqual({
      record: FLEET_SERIES.edgeFirstReport,
      expr: `(${FLEET_SERIES.edgeFirstReport} and on (cluster) ${FLEET_SERIES.expectedEdge}) or (min by (cluster) (timestamp(${FLEET_SERIES.lastReport})) and on (cluster) ${FLEET_SERIES.expectedEdge})`,
    });
  });

  it('leaves an edge that never reported alone for the onboarding grace period, a day unless configured', () => {
    const silent = (options: ValuesOptions) =>
      alerts(rulesOf(options)).find(
        a => a.alert === 'PrometheusFleetEdgeSilent',
      )!;
    expect(silent({}).expr).toBe(
      [
        `(${FLEET_SERIES.expectedEdge} unless on (cluster) (time() - ${FLEET_SERIES.lastReport} <= 300))`,
        'unless on (cluster)',
        `((time() - ${FLEET_SERIES.edgeFirstExpected} <= 86400) unless on (cluster) ${FLEET_SERIES.edgeFirstReport})`,
      ].join('\n'),
    );
    expect(silent({}).annotations.description).toContain(
      'or none ever did in the 24h since this global began to expect it',
    );
    const tuned = silent({ onboarding: { gracePeriod: 7200 } });
    expect(tuned.expr).toContain(
      `(time() - ${FLEET_SERIES.edgeFirstExpected} <= 7200)`,
    );
    expect(tuned.annotations.description).toContain('in the 2h since');
  });
});

describe('generateValues of a global', () => {
  const resolved = fleet();
  const global = resolved.clusters.find(c => c.name === 'global-eu')!;
  const edge = resolved.clusters.find(c => c.name === 'edge-b')!;

  it('carries the rules under additionalPrometheusRulesMap', () => {
    const { values, yaml } = generateValues(global, fleetLookup(resolved));
    expect(values.additionalPrometheusRulesMap).toEqual({
      [FLEET_RULES_NAME]: {
        groups: globalRuleGroups(global, resolved.clusters),
      },
    });
    expect(yaml).toContain('prometheusFleet.rules.enabled: false');
  });

  it('leaves them out when switched off, or when only a ref lookup is given', () => {
    const lookup = fleetLookup(resolved);
    expect(
      generateValues(global, lookup, { rules: { enabled: false } }).values,
    ).not.toHaveProperty('additionalPrometheusRulesMap');
    expect(generateValues(global, lookup.cluster).values).not.toHaveProperty(
      'additionalPrometheusRulesMap',
    );
  });

  it('never gives an edge rules', () => {
    expect(
      generateValues(edge, fleetLookup(resolved)).values,
    ).not.toHaveProperty('additionalPrometheusRulesMap');
  });
});
