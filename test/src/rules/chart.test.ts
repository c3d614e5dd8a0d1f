import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_NAMESPACE,
  DEFAULT_RELEASE_NAME,
  FLEET_RULES_NAME,
} from 'backstage-plugin-prometheus-fleet-common';
import { CrdValidator } from '../chart/crdValidator';
import { chartCrds, renderChart } from '../chart/vendoredChart';
import { scenarioGlobalValues } from './alertScenario';
import { ruleGroupsOf } from './ruleFiles';

describe('fleet rules through the vendored chart', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fleet-rules-chart-'));
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  it('render into a PrometheusRule the CRD accepts and the global selects, rules unchanged', async () => {
    const generated = scenarioGlobalValues();
    const release = {
      name: DEFAULT_RELEASE_NAME,
      namespace: DEFAULT_NAMESPACE,
    };
    const { manifests, prometheus } = await renderChart(
      generated.yaml,
      release,
      workDir,
    );
    const rules = manifests.filter(
      object =>
        object.kind === 'PrometheusRule' &&
        object.metadata.name === `${release.name}-${FLEET_RULES_NAME}`,
    );
    expect(rules).toHaveLength(1);
    const [rule] = rules;

    const validator = CrdValidator.create(await chartCrds(workDir));
    expect(validator.covers(rule)).toBe(true);
    expect(validator.problems(rule)).toEqual([]);
    expect((rule as { spec?: unknown }).spec).toEqual({
      groups: ruleGroupsOf(generated),
    });

    // The operator loads only the PrometheusRules the Prometheus selects.
    const { spec } = prometheus as {
      spec?: { ruleSelector?: { matchLabels?: Record<string, string> } };
    };
    const selector = spec?.ruleSelector?.matchLabels;
    expect(selector).toBeDefined();
    expect(
      (rule.metadata as { labels?: Record<string, string> }).labels,
    ).toMatchObject(selector!);
  });
});
