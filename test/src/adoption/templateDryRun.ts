import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { callApi } from '../harness/backstageApi';

interface TemplateStep {
  id: string;
  action: string;
}

interface Template {
  metadata: { name: string };
  spec: { parameters: unknown[]; steps: TemplateStep[] };
}

export interface DryRun {
  template: Template;
  values: Record<string, unknown>;
  /** Each step's last status in the log: completed, skipped or failed. */
  statuses: Map<string, string>;
  /** Each step's log lines, for a failure's message. */
  log: string[];
  files: Map<string, string>;
  output: { links?: Array<{ title: string; url?: string }> };
}

/** Every `default` the template's parameters give, however deep in its forms: what the form would submit untouched. */
export function parameterDefaults(
  parameters: unknown,
): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const { properties } = node as { properties?: Record<string, any> };
      for (const [key, schema] of Object.entries(properties ?? {})) {
        if (schema && 'default' in schema) defaults[key] ??= schema.default;
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(parameters);
  return defaults;
}

/**
 * Runs the template through the scaffolder's dry run
 * (`POST /api/scaffolder/v2/dry-run`) with its defaults and the given
 * values: every step runs, in dry-run mode where its action supports it
 * (publishing then opens nothing), or is skipped.
 */
export async function dryRunTemplate(options: {
  baseUrl: string;
  token: string;
  templateFile: string;
  values: Record<string, unknown>;
}): Promise<DryRun> {
  const template: Template = parse(
    await fs.readFile(options.templateFile, 'utf8'),
  );
  const values = {
    ...parameterDefaults(template.spec.parameters),
    ...options.values,
  };
  const response = await callApi(
    options.baseUrl,
    options.token,
    '/api/scaffolder/v2/dry-run',
    { method: 'POST', body: { template, values, directoryContents: [] } },
  );
  const body = (await response.json()) as {
    log: Array<{ body: { stepId?: string; status?: string; message: string } }>;
    directoryContents: Array<{ path: string; base64Content: string }>;
    output: DryRun['output'];
  };
  const statuses = new Map<string, string>();
  for (const { body: entry } of body.log) {
    if (entry.stepId && entry.status) statuses.set(entry.stepId, entry.status);
  }
  return {
    template,
    values,
    statuses,
    log: body.log.map(
      ({ body: entry }) =>
        `${entry.stepId ?? ''} ${entry.status ?? ''} ${entry.message}`,
    ),
    files: new Map(
      body.directoryContents.map(file => [
        file.path,
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      ]),
    ),
    output: body.output,
  };
}
