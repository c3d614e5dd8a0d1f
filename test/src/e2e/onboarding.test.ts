import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClusterListResponse } from 'backstage-plugin-prometheus-fleet-common';
import { Page } from 'playwright-core';
import { parse } from 'yaml';
import { getJson, guestToken } from '../harness/backstageApi';
import {
  DEMO_NOTIFICATION_MIN_DURATION_SECONDS,
  DEMO_SILENT_AFTER_SECONDS,
} from '../harness/demoConfig';
import {
  AppSession,
  card,
  openApp,
  screenshot,
  scrollToTop,
} from '../harness/browser';
import { readDemoState } from '../harness/demoState';
import { eventually } from '../harness/eventually';
import { ONBOARD_TEMPLATE, REPO_ROOT } from '../harness/paths';
import { startTask, taskEnd } from '../harness/scaffolderTasks';
import {
  AgentFromValues,
  startAgentFromValues,
} from '../rig/startAgentFromValues';

const demo = readDemoState();
/** Not the scaffolder test's edge-eu-3, which runs after this file. */
const EDGE = 'edge-eu-4';
const EDGE_REF = `resource:default/${EDGE}`;
const NAME_RULE =
  'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';

let app: AppSession;
let token: string;
let templateName: string;
/** The run page of the journey's task, once created. */
let runPage: string | undefined;
/** The new edge's Prometheus agent, once the journey installs it. */
let agent: AgentFromValues | undefined;
/** The values file the journey downloaded, and where its agent keeps its data. */
let installed: { valuesYaml: string; dir: string } | undefined;

/** The new edge's agent from the downloaded values, as `helm upgrade --install` would run it. */
async function startAgent() {
  agent = await startAgentFromValues({
    ...installed!,
    name: EDGE,
    scrapeInterval: '5s',
  });
}

beforeAll(async () => {
  token = await guestToken(demo.baseUrl);
  templateName = (
    parse(await fs.readFile(ONBOARD_TEMPLATE, 'utf8')) as {
      metadata: { name: string };
    }
  ).metadata.name;
  app = await openApp(demo.baseUrl);
});

afterAll(async () => {
  await agent?.stop();
  await app?.close();
  if (installed) await fs.rm(installed.dir, { recursive: true, force: true });
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The text under a field of the scaffolder form: its live verdict. */
function fieldStatus(page: Page, label: RegExp) {
  return page
    .locator('.MuiFormControl-root', { has: page.getByLabel(label) })
    .getByRole('status');
}

/** Counts the page's navigations from now: a reload is one. */
function countReloads(page: Page): () => number {
  let navigations = 0;
  page.on('framenavigated', frame => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  return () => navigations;
}

/** Picks an option of one of the plugin's entity pickers by its title. */
async function pick(page: Page, label: RegExp, title: string) {
  await page.getByRole('textbox', { name: label }).click();
  await page.getByRole('option', { name: new RegExp(`^${title}`) }).click();
}

/**
 * When the catalog, then the fleet API, first list the new edge: polled
 * every 100 ms from the moment the run is created, beside the browser.
 */
async function whenListed(): Promise<{ catalog: number; fleet: number }> {
  const poll = async (check: () => Promise<boolean>) =>
    eventually(
      async () => {
        if (!(await check())) throw new Error(`${EDGE} is not listed yet`);
        return Date.now();
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
  const catalog = await poll(async () => {
    const response = await fetch(
      `${demo.baseUrl}/api/catalog/entities/by-name/resource/default/${EDGE}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    return response.ok;
  });
  const fleet = await poll(async () => {
    const { items } = await getJson<ClusterListResponse>(
      demo.baseUrl,
      token,
      '/api/prometheus-fleet/clusters',
    );
    return items.some(cluster => cluster.ref === EDGE_REF);
  });
  return { catalog, fleet };
}

describe('onboarding an edge through the template, in the browser', () => {
  it('refuses a bad name and a taken label before Create, then lands on the new edge’s Monitoring tab', async () => {
    const { page } = app;
    await page.goto(`/create/templates/default/${templateName}`);
    const name = page.getByRole('textbox', { name: /^Name/ });
    const label = page.getByRole('textbox', { name: /^Cluster label/ });
    const next = page.getByRole('button', { name: 'Next' });

    await pick(page, /^Global/, 'Global EU');
    await pick(page, /^Owner/, 'platform-team');

    // Which characters are allowed, in words, as the user types and on Next.
    await name.fill('edge eu 4');
    await fieldStatus(page, /^Name/).getByText(`Name ${NAME_RULE}.`).waitFor();
    await next.click();
    await page.getByText(`'Name' ${NAME_RULE}`).waitFor();
    await expect(
      page.getByText(/must match pattern|\^\[/).count(),
    ).resolves.toBe(0);

    // A cluster label the fleet already has, refused by the backend's check.
    await name.fill(EDGE);
    await fieldStatus(page, /^Name/)
      .getByText(`No entity is named ${EDGE} yet.`)
      .waitFor();
    await label.fill('edge-eu-1');
    const taken =
      'is already used by resource:default/edge-eu-1: choose another one';
    await fieldStatus(page, /^Cluster label/)
      .getByText(`Cluster label ${taken}.`)
      .waitFor();
    await next.click();
    await page.getByText(`'Cluster label' ${taken}`).waitFor();
    // From the top: the steps, the form's error list and the fields.
    await page.getByText('Fleet settings (optional)').waitFor();
    await scrollToTop(
      page.getByText('Onboard an edge cluster to the Prometheus fleet'),
    );
    await screenshot(page, 'onboarding-form-validation.png');

    // A free label: on to the review and Create.
    await label.fill('eu-four');
    await fieldStatus(page, /^Cluster label/)
      .getByText('No cluster of the fleet has the label eu-four.')
      .waitFor();
    await next.click();
    await page.getByRole('textbox', { name: /^Tenant/ }).waitFor();
    await next.click();
    await page.getByRole('textbox', { name: /^API server URL/ }).waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText('resource:default/global-eu').waitFor();

    const created = Date.now();
    const listed = whenListed();
    await page.getByRole('button', { name: 'Create' }).click();

    // The run's link, clicked as soon as it shows: it waits for the catalog
    // and the fleet, then opens the Monitoring tab, without a reload.
    const link = page.getByRole('link', { name: 'Open its Monitoring tab' });
    await link.waitFor({ timeout: 60_000 });
    const linkShown = Date.now();
    runPage = new URL(page.url()).pathname;
    await link.click();
    await page.waitForURL(`**/catalog/default/resource/${EDGE}/monitoring`, {
      timeout: 60_000,
    });
    const overview = card(page, 'Prometheus fleet');
    await overview.getByText('cluster="eu-four"').waitFor();
    const landed = Date.now();

    // Nothing reached the global yet: awaiting first data, with the install
    // step as the hint, not a red error.
    const health = card(page, 'Remote-write queue health');
    await health.getByText("Awaiting this edge's first data").waitFor();
    await expect(health.innerText()).resolves.toContain(
      'helm repo add prometheus-community',
    );
    await health.getByText('Awaiting first data', { exact: true }).waitFor();
    const reason = health.getByText(/^joined the fleet .* awaiting its agent/);
    // Wrapped, not cut off at the card's edge.
    await expect(
      reason.evaluate(e => e.scrollWidth - e.clientWidth),
    ).resolves.toBeLessThanOrEqual(1);
    await scrollToTop(health);
    await screenshot(page, 'onboarding-pending.png');

    // The user's install: the values file the tab offers, run as the
    // operator would run it, writing to the demo's global.
    const values = card(page, 'Onboarding values');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      values
        .getByRole('button', { name: 'Download values-eu-four.yaml' })
        .click(),
    ]);
    const valuesYaml = await fs.readFile((await download.path())!, 'utf8');
    const installedAt = Date.now();
    installed = {
      valuesYaml,
      dir: await fs.mkdtemp(
        path.join(os.tmpdir(), `prometheus-fleet-${EDGE}-`),
      ),
    };
    await startAgent();

    // The tab follows the backend's polls by itself: no reload.
    const reloads = countReloads(page);
    await health
      .getByText('healthy', { exact: true })
      .waitFor({ timeout: 90_000 });
    const healthy = Date.now();
    expect(reloads()).toBe(0);
    await scrollToTop(health);
    await screenshot(page, 'onboarding-healthy.png');

    const { catalog, fleet } = await listed;
    process.stdout.write(
      [
        `\nOnboarding journey of ${EDGE}: Create clicked, then`,
        `  run's link shown after ${seconds(linkShown - created)}`,
        `  in the catalog after ${seconds(catalog - created)}`,
        `  in GET /api/prometheus-fleet/clusters after ${seconds(
          fleet - created,
        )} (${seconds(fleet - catalog)} after the catalog)`,
        `  its Monitoring tab shown, pending, after ${seconds(
          landed - created,
        )}`,
        `  agent started from the downloaded values after ${seconds(
          installedAt - created,
        )}`,
        `  healthy on the tab after ${seconds(healthy - created)} (${seconds(
          healthy - installedAt,
        )} after the agent started)\n`,
      ].join('\n'),
    );
  });

  it('tells the new edge’s owner once when its agent stops, and once when it is back', async () => {
    expect(agent).toBeDefined();
    const { page } = app;
    const ofEdge = async () =>
      (
        await getJson<{ notifications: Array<{ payload: { title: string } }> }>(
          demo.baseUrl,
          token,
          '/api/notifications/notifications',
        )
      ).notifications
        .map(notification => notification.payload.title)
        .filter(title => title.startsWith(`${EDGE} `))
        .sort();
    const untilTold = (count: number) =>
      eventually(
        async () => {
          const titles = await ofEdge();
          if (titles.length < count) {
            throw new Error(
              `the guest has ${titles.length} notifications of ${EDGE}`,
            );
          }
          return titles;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
    // Pending, then healthy: nothing the owner needs to hear about.
    await expect(ofEdge()).resolves.toEqual([]);

    await agent!.stop();
    agent = undefined;
    const stopped = Date.now();
    await expect(untilTold(1)).resolves.toEqual([`${EDGE} is silent`]);
    const told = Date.now();

    // The guest is a member of platform-team, the edge's owner.
    await page.goto('/notifications');
    await page.getByText(`${EDGE} is silent`).waitFor();
    await screenshot(page, 'notifications.png');

    await startAgent();
    const restarted = Date.now();
    await expect(untilTold(2)).resolves.toEqual([
      `${EDGE} is silent`,
      `${EDGE} recovered: healthy, no longer silent`,
    ]);
    const recovered = Date.now();
    // A few more polls: nothing more to tell.
    await new Promise(resolve => setTimeout(resolve, 3 * 5_000));
    await expect(ofEdge()).resolves.toHaveLength(2);
    process.stdout.write(
      `\nNotifications of ${EDGE}: silent told ${seconds(
        told - stopped,
      )} after its agent stopped (silentAfter ${DEMO_SILENT_AFTER_SECONDS} s, minDuration ${DEMO_NOTIFICATION_MIN_DURATION_SECONDS} s, poll 5 s); recovery told ${seconds(
        recovered - restarted,
      )} after it restarted\n`,
    );
  });

  it('shows the run’s install commands wrapped, with a copy button', async () => {
    expect(runPage).toMatch(/^\/create\/tasks\//);
    const { page } = app;
    await page.goto(runPage!);
    const install = page.getByTestId('onboarding-output');
    await install.getByText('Install the edge Prometheus').waitFor();
    const commands = install.locator('pre').first();
    await expect(commands.innerText()).resolves.toMatch(
      /^helm repo add prometheus-community https:\/\/prometheus-community\.github\.io\/helm-charts\n/,
    );
    // Wrapped: the long helm line stays within the card.
    const [overflow, box] = await Promise.all([
      commands.evaluate(e => e.scrollWidth - e.clientWidth),
      install.boundingBox(),
    ]);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(box!.width).toBeLessThanOrEqual(1280);
    await install.getByRole('button', { name: /copy/i }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await commands.innerText());
    expect(copied).toMatch(
      /^helm upgrade --install .* --values values-eu-four\.yaml$/m,
    );
    await screenshot(page, 'onboarding-run.png');
  });

  it('says what it waits for when the new cluster is not in the catalog yet', async () => {
    const { page } = app;
    // A pull request not merged yet: the catalog does not list the cluster.
    await page.goto('/prometheus-fleet/onboarding/default/edge-eu-9');
    await page
      .getByText('Waiting for the catalog to list resource:default/edge-eu-9')
      .waitFor();
    await expect(page.getByRole('status').innerText()).resolves.toMatch(
      /^Checking again/,
    );
    await screenshot(page, 'onboarding-waiting.png');
  });

  it('keeps stack traces and server paths out of the run log when the action refuses', async () => {
    const id = await startTask(
      demo.baseUrl,
      token,
      `template:default/${templateName}`,
      {
        name: 'edge-eu-1',
        global: 'resource:default/global-eu',
        owner: 'group:default/platform-team',
      },
    );
    const { task, events } = await taskEnd(demo.baseUrl, token, id);

    expect(task.status).toBe('failed');
    const log = events
      .map(event => event.body.message ?? '')
      .filter(Boolean)
      .join('\n');
    expect(log).toContain(
      'InputError: resource:default/edge-eu-1 already exists in the catalog: choose another name.',
    );
    expect(log).not.toMatch(/^\s+at /m);
    expect(log).not.toContain(REPO_ROOT);
    expect(log).not.toContain('node_modules');
    // Nothing was committed.
    await expect(
      fs.access(path.join(demo.onboardedRoot, 'edge-eu-1')),
    ).rejects.toThrow();
  });
});
