import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ClusterListResponse } from 'backstage-plugin-prometheus-fleet-common';
import { parse } from 'yaml';
import { callApi, getJson, guestToken } from '../harness/backstageApi';
import { childEnv } from '../harness/childEnv';
import { readDemoState } from '../harness/demoState';
import { eventually } from '../harness/eventually';
import { ONBOARD_TEMPLATE, REPO_ROOT } from '../harness/paths';

const demo = readDemoState();
const EDGE = 'edge-eu-3';
const VALUES_FILE = `values-${EDGE}.yaml`;
const VALUES = {
  name: EDGE,
  global: 'resource:default/global-eu',
  owner: 'group:default/platform-team',
  description: 'Onboarded by the scaffolder integration test.',
  tenant: 'checkout',
  publishMode: 'local-git',
};

interface DryRunResponse {
  directoryContents: Array<{ path: string; base64Content: string }>;
}

interface Task {
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
}

interface TaskEvent {
  type: string;
  body: { message?: string };
}

let token: string;

beforeAll(async () => {
  token = await guestToken(demo.baseUrl);
});

async function readTemplate(): Promise<{ metadata: { name: string } }> {
  return parse(await fs.readFile(ONBOARD_TEMPLATE, 'utf8'));
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function waitForTask(id: string): Promise<Task> {
  const task = await eventually(
    async () => {
      const current = await getJson<Task>(
        demo.baseUrl,
        token,
        `/api/scaffolder/v2/tasks/${id}`,
      );
      if (current.status === 'open' || current.status === 'processing') {
        throw new Error(`task ${id} is still ${current.status}`);
      }
      return current;
    },
    { timeoutMs: 60_000 },
  );
  if (task.status !== 'completed') {
    const events = await getJson<TaskEvent[]>(
      demo.baseUrl,
      token,
      `/api/scaffolder/v2/tasks/${id}/events`,
    );
    throw new Error(
      `task ${id} ${task.status}:\n${events
        .map(event => event.body.message)
        .filter(Boolean)
        .join('\n')}`,
    );
  }
  return task;
}

/** `yarn fleet values`, the CLI of GitOps pipelines, on catalog files and the backend's config. */
async function cliValues(catalogDir: string, cluster: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'yarn',
    [
      'fleet',
      'values',
      '--catalog',
      catalogDir,
      '--cluster',
      cluster,
      ...demo.configFiles.flatMap(file => ['--config', file]),
    ],
    { cwd: REPO_ROOT, env: childEnv() },
  );
  return stdout;
}

describe('the onboard-edge template', () => {
  let dryRunValues: string;

  it('dry-runs to the new edge’s catalog entity and values, publishing nothing', async () => {
    const response = await callApi(
      demo.baseUrl,
      token,
      '/api/scaffolder/v2/dry-run',
      {
        method: 'POST',
        body: {
          template: await readTemplate(),
          values: VALUES,
          directoryContents: [],
        },
      },
    );
    const { directoryContents } = (await response.json()) as DryRunResponse;
    const files = new Map(
      directoryContents.map(file => [
        file.path,
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect([...files.keys()].sort()).toEqual([
      'catalog-info.yaml',
      VALUES_FILE,
    ]);

    const entity = parse(files.get('catalog-info.yaml')!);
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: EDGE,
        annotations: {
          'prometheus-fleet.io/role': 'edge',
          'prometheus-fleet.io/global': VALUES.global,
          'prometheus-fleet.io/tenant': VALUES.tenant,
        },
      },
      spec: { type: 'kubernetes-cluster', owner: VALUES.owner },
    });
    dryRunValues = files.get(VALUES_FILE)!;
    expect(parse(dryRunValues)).toMatchObject({
      prometheus: {
        agentMode: true,
        prometheusSpec: { externalLabels: { cluster: EDGE } },
      },
    });
    await expect(exists(path.join(demo.onboardedRoot, EDGE))).resolves.toBe(
      false,
    );
  });

  it('onboards the edge: committed, in the fleet, with the values the CLI generates', async () => {
    const template = await readTemplate();
    const created = await callApi(
      demo.baseUrl,
      token,
      '/api/scaffolder/v2/tasks',
      {
        method: 'POST',
        body: {
          templateRef: `template:default/${template.metadata.name}`,
          values: VALUES,
        },
      },
    );
    const { id } = (await created.json()) as { id: string };
    await waitForTask(id);

    const committed = path.join(demo.onboardedRoot, EDGE);
    const { stdout: log } = await promisify(execFile)(
      'git',
      ['log', '--format=%s', '--', EDGE],
      { cwd: demo.onboardedRoot },
    );
    expect(log.trim()).toBe(`Onboard ${EDGE} to the Prometheus fleet`);

    const edge = await eventually(
      async () => {
        const { items } = await getJson<ClusterListResponse>(
          demo.baseUrl,
          token,
          '/api/prometheus-fleet/clusters',
        );
        const found = items.find(cluster => cluster.name === EDGE);
        if (!found) throw new Error(`the fleet lists no ${EDGE} yet`);
        return found;
      },
      { timeoutMs: 60_000 },
    );
    expect(edge).toMatchObject({
      role: 'edge',
      global: VALUES.global,
      clusterLabel: EDGE,
      problems: [],
    });

    const served = await (
      await callApi(
        demo.baseUrl,
        token,
        `/api/prometheus-fleet/clusters/default/${EDGE}/values?format=yaml`,
      )
    ).text();

    // The CLI reads the fleet as the backend's catalog does: the example
    // fleet of this run plus the committed entity.
    const catalogDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'prometheus-fleet-cli-catalog-'),
    );
    try {
      await fs.copyFile(
        demo.catalogFile,
        path.join(catalogDir, 'clusters.yaml'),
      );
      await fs.copyFile(
        path.join(committed, 'catalog-info.yaml'),
        path.join(catalogDir, `${EDGE}.yaml`),
      );
      expect(served).toBe(await cliValues(catalogDir, EDGE));
    } finally {
      await fs.rm(catalogDir, { recursive: true, force: true });
    }
    expect(served).toBe(
      await fs.readFile(path.join(committed, VALUES_FILE), 'utf8'),
    );
    expect(served).toBe(dryRunValues);
  });
});
