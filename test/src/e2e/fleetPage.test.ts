import { Page } from 'playwright-core';
import {
  AppSession,
  card,
  openApp,
  reloadUntil,
  screenshot,
} from '../harness/browser';
import { readDemoState } from '../harness/demoState';

const demo = readDemoState();
const LIVE_EDGE_TITLES = ['Edge EU 1', 'Edge EU 2', 'Edge US 1'];
let app: AppSession;

beforeAll(async () => {
  app = await openApp(demo.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

/** Cluster titles in the fleet table, in table order: each links to its Monitoring tab. */
async function tableClusters(page: Page): Promise<string[]> {
  return card(page, /^Clusters \(/)
    .locator('a[href$="/monitoring"]')
    .allInnerTexts();
}

/** The count on a status card of the fleet summary. */
async function statusCount(page: Page, status: string): Promise<number> {
  const text = await page
    .getByRole('button', { name: `Show ${status} clusters` })
    .innerText();
  return Number(/^\d+/.exec(text)?.[0]);
}

describe('the fleet page', () => {
  it('counts the live edges healthy and the broken one unknown, as it cannot be onboarded', async () => {
    const { page } = app;
    await page.goto('/prometheus-fleet');
    await reloadUntil(page, async () => {
      expect(await statusCount(page, 'healthy')).toBe(3);
      expect(await statusCount(page, 'unknown')).toBe(1);
      expect(await statusCount(page, 'silent')).toBe(0);
    });
    await page.getByText('Clusters (5)').waitFor();
    await expect(tableClusters(page)).resolves.toEqual([
      'Edge (broken)',
      ...LIVE_EDGE_TITLES,
      'Global EU',
    ]);
    await screenshot(page, 'fleet-page.png');
  });

  it('filters by status and by search', async () => {
    const { page } = app;
    await page.getByLabel('Status', { exact: true }).selectOption('healthy');
    await page.getByText('Clusters (3 of 5)').waitFor();
    await expect(tableClusters(page)).resolves.toEqual(LIVE_EDGE_TITLES);

    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByRole('searchbox', { name: 'Search' }).fill('us-1');
    await page.getByText('Clusters (1 of 5)').waitFor();
    await expect(tableClusters(page)).resolves.toEqual(['Edge US 1']);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByText('Clusters (5)').waitFor();
  });

  it("lists the broken edge's problem with its fix", async () => {
    const problems = card(app.page, 'Fleet problems (1)');
    const row = problems.getByRole('row', { name: /Edge \(broken\)/ });
    await expect(row.innerText()).resolves.toMatch(
      /is not a valid label value[\s\S]*prometheus-fleet\.io\/cluster-label/,
    );
  });

  it('links a cluster to its Monitoring tab', async () => {
    const { page } = app;
    await card(page, /^Clusters \(/)
      .getByRole('link', { name: 'Edge EU 2' })
      .click();
    await page.waitForURL('**/catalog/default/resource/edge-eu-2/monitoring');
    expect(new URL(page.url()).pathname).toBe(
      '/catalog/default/resource/edge-eu-2/monitoring',
    );
    await card(page, 'Prometheus fleet')
      .getByText('cluster="edge-eu-2"')
      .waitFor();
  });
});

describe("the global's overview", () => {
  it('lists the edges writing to it, with their status', async () => {
    const { page } = app;
    await page.goto('/catalog/default/resource/global-eu');
    const edges = card(page, 'Edges writing to this global');
    await reloadUntil(page, () =>
      edges
        .getByText('4 edges: 1 unknown, 3 healthy')
        .waitFor({ timeout: 5_000 }),
    );
    const rows = await edges.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^Edge \(broken\)\s+arn:aws:eks\S+\s+unknown/);
    for (const [index, title] of LIVE_EDGE_TITLES.entries()) {
      expect(rows[index + 1]).toMatch(
        new RegExp(`^${title}\\s+edge-\\S+\\s+healthy\\s+\\d+ s`),
      );
    }
  });
});
