import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AlertingRule,
  fleetLookup,
  generateValues,
  GeneratedValues,
  resolveFleet,
  RuleGroup,
  ValuesNotAvailableError,
} from 'backstage-plugin-prometheus-fleet-common';
import { stringify } from 'yaml';
import { readEntities } from '../chart/chartCases';
import { REPO_ROOT } from '../harness/paths';
import {
  PrometheusMajor,
  prometheusBinaries,
  prometheusVersion,
  run,
} from '../rig/binaries';
import {
  EVALUATED_AT,
  ExpectedAlert,
  expectedAlerts,
  expectedSilentAlerts,
  inputSeries,
  MetricGeneration,
  scenarioGlobalValues,
} from './alertScenario';
import { ruleGroupsOf, writeRulesFile } from './ruleFiles';

const MAJORS: PrometheusMajor[] = [3, 2];
const GENERATIONS: MetricGeneration[] = ['appended', 'enqueued'];

/** The values of every global of examples/fleet, as the CLI prints them. */
function exampleGlobals(): GeneratedValues[] {
  const fleet = resolveFleet(
    readEntities(path.join(REPO_ROOT, 'examples/fleet')),
  );
  const lookup = fleetLookup(fleet);
  return fleet.clusters
    .filter(cluster => cluster.role === 'global')
    .flatMap(cluster => {
      try {
        return [generateValues(cluster, lookup)];
      } catch (error) {
        if (error instanceof ValuesNotAvailableError) return [];
        throw error;
      }
    });
}

function alertsOf(groups: RuleGroup[]): AlertingRule[] {
  return groups.flatMap(group =>
    group.rules.filter((rule): rule is AlertingRule => 'alert' in rule),
  );
}

/** A promtool unit test of the rules against the scenario's input series. */
function unitTest(
  rulesFile: string,
  groups: RuleGroup[],
  generation: MetricGeneration,
) {
  const annotationsOf = (name: string) =>
    alertsOf(groups).find(alert => alert.alert === name)!.annotations;
  const firing = expectedAlerts(annotationsOf);
  const alertNames = [...new Set(alertsOf(groups).map(alert => alert.alert))];
  const expectations = (alerts: ExpectedAlert[]) =>
    alerts.map(alert => ({
      exp_labels: alert.labels,
      exp_annotations: alert.annotations,
    }));
  return {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(generation),
        alert_rule_test: [
          ...alertNames.map(alertname => ({
            eval_time: EVALUATED_AT,
            alertname,
            exp_alerts: expectations(
              firing.filter(alert => alert.alertname === alertname),
            ),
          })),
          // Behind since minute 5 and waiting its 15 minutes: not yet.
          {
            eval_time: '10m',
            alertname: 'PrometheusFleetRemoteWriteBehind',
            exp_alerts: [],
          },
          // No silent edge yet: the stopped one within silentAfter, the
          // late-starting and the never-reporting ones within their grace.
          {
            eval_time: '10m',
            alertname: 'PrometheusFleetEdgeSilent',
            exp_alerts: [],
          },
          // The stopped edge stays silent once its last report has left the
          // 1h window (minute 70), though still within its grace; the
          // never-reporting edge fires only once its grace is over.
          ...[80, 90, 100].map(minute => ({
            eval_time: `${minute}m`,
            alertname: 'PrometheusFleetEdgeSilent',
            exp_alerts: expectations(
              expectedSilentAlerts(annotationsOf, minute),
            ),
          })),
        ],
        promql_expr_test: [
          {
            // Exactly these fire: nothing for the healthy or the undeclared cluster.
            expr: 'ALERTS{alertstate="firing"}',
            eval_time: EVALUATED_AT,
            exp_samples: firing.map(alert => ({
              labels: `ALERTS${labelSet({
                alertname: alert.alertname,
                alertstate: 'firing',
                ...alert.labels,
              })}`,
              value: 1,
            })),
          },
          {
            // The lag is read in this generation, once per queue.
            expr: 'prometheus_fleet:remote_write_lag_seconds{cluster=~"edge-behind|edge-healthy"}',
            eval_time: EVALUATED_AT,
            exp_samples: [
              { labels: recorded('edge-behind'), value: 300 },
              { labels: recorded('edge-healthy'), value: 0 },
            ],
          },
        ],
      },
    ],
  };
}

/** PromQL label set; JSON string quoting is PromQL's for these values. */
function labelSet(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(
    ([k, v]) => `${k}=${JSON.stringify(v)}`,
  );
  return `{${pairs.join(', ')}}`;
}

function recorded(cluster: string): string {
  return `prometheus_fleet:remote_write_lag_seconds${labelSet({
    cluster,
    remote_name: 'fleet-global-eu',
    url: 'https://prometheus.global-eu.example.com/api/v1/write',
  })}`;
}

describe.each(MAJORS)('fleet rules with promtool %s.x', major => {
  const { promtool } = prometheusBinaries(major);
  let dir: string;

  beforeAll(async () => {
    await prometheusVersion(promtool, major);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `fleet-rules-${major}-`));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('accepts the rules of every global of examples/fleet', async () => {
    const globals = exampleGlobals();
    expect(globals.map(g => g.clusterLabel)).toEqual(['global-eu']);
    for (const generated of globals) {
      const file = await writeRulesFile(
        dir,
        ruleGroupsOf(generated),
        `${generated.clusterLabel}.yaml`,
      );
      const result = await run(promtool, ['check', 'rules', file]);
      expect(result).toEqual({
        exitCode: 0,
        output: expect.stringMatching(/SUCCESS: \d+ rules found/),
      });
    }
  });

  it('refuses a broken rule (negative control)', async () => {
    const [group] = ruleGroupsOf(exampleGlobals()[0]);
    const broken = {
      ...group,
      rules: [
        { record: 'prometheus_fleet:broken', expr: 'max by (cluster) (' },
      ],
    };
    const file = await writeRulesFile(dir, [broken], 'broken.yaml');
    expect((await run(promtool, ['check', 'rules', file])).exitCode).not.toBe(
      0,
    );
  });

  it.each(GENERATIONS)(
    'fires silent, never-reported (after its grace), behind, desired-shards and failures alerts, and none for a healthy, late-starting or undeclared cluster (%s metrics)',
    async generation => {
      const groups = ruleGroupsOf(scenarioGlobalValues());
      const rulesFile = await writeRulesFile(
        dir,
        groups,
        `scenario-${generation}.yaml`,
      );
      const testFile = path.join(dir, `scenario-${generation}.test.yaml`);
      await fs.writeFile(
        testFile,
        stringify(unitTest(rulesFile, groups, generation)),
      );
      const result = await run(promtool, ['test', 'rules', testFile]);
      expect(result.output).toContain('SUCCESS');
      expect(result.exitCode).toBe(0);
    },
  );

  it('fails its unit test when an expected alert is missing (negative control)', async () => {
    const groups = ruleGroupsOf(scenarioGlobalValues());
    const withoutSilent = groups.map(group => ({
      ...group,
      rules: group.rules.filter(
        rule =>
          !('alert' in rule && rule.alert === 'PrometheusFleetEdgeSilent'),
      ),
    }));
    const rulesFile = await writeRulesFile(
      dir,
      withoutSilent,
      'no-silent.yaml',
    );
    const testFile = path.join(dir, 'no-silent.test.yaml');
    await fs.writeFile(
      testFile,
      stringify(unitTest(rulesFile, groups, 'appended')),
    );
    const result = await run(promtool, ['test', 'rules', testFile]);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('PrometheusFleetEdgeSilent');
  });

  it('fails its unit test when the rules forget that an edge reported, once its last report is out of the window (negative control)', async () => {
    const groups = ruleGroupsOf(scenarioGlobalValues());
    const withoutFirstReport = groups.map(group => ({
      ...group,
      rules: group.rules.filter(
        rule =>
          !(
            'record' in rule &&
            rule.record ===
              'prometheus_fleet:edge_first_report_timestamp_seconds'
          ),
      ),
    }));
    const rulesFile = await writeRulesFile(
      dir,
      withoutFirstReport,
      'no-first-report.yaml',
    );
    const testFile = path.join(dir, 'no-first-report.test.yaml');
    await fs.writeFile(
      testFile,
      stringify(unitTest(rulesFile, groups, 'appended')),
    );
    const result = await run(promtool, ['test', 'rules', testFile]);
    expect(result.exitCode).not.toBe(0);
    // Quiet at 80m, taken for an edge that never reported, within its grace.
    expect(result.output).toMatch(
      /alertname: PrometheusFleetEdgeSilent, time: 1h20m/,
    );
  });
});
