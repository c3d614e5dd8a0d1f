import fs from 'node:fs/promises';
import path from 'node:path';
import {
  FLEET_RULES_NAME,
  GeneratedValues,
  RuleGroup,
} from 'backstage-plugin-prometheus-fleet-common';
import { parse, stringify } from 'yaml';

/** The rule groups of a global's values, read back from the YAML users get. */
export function ruleGroupsOf(generated: GeneratedValues): RuleGroup[] {
  const groups = parse(generated.yaml)?.additionalPrometheusRulesMap?.[
    FLEET_RULES_NAME
  ]?.groups;
  if (!Array.isArray(groups)) {
    throw new Error(`The values of ${generated.ref} carry no fleet rules`);
  }
  return groups;
}

/** Writes rule groups as a Prometheus rules file, returning its path. */
export async function writeRulesFile(
  dir: string,
  groups: RuleGroup[],
  name = 'fleet-rules.yaml',
): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, stringify({ groups }));
  return file;
}
