import { GeneratedValues } from 'backstage-plugin-prometheus-fleet-common';
import { getJson, guestToken } from '../harness/backstageApi';
import {
  AppSession,
  card,
  openApp,
  reloadUntil,
  screenshot,
} from '../harness/browser';
import { readDemoState } from '../harness/demoState';

const demo = readDemoState();
let app: AppSession;

beforeAll(async () => {
  app = await openApp(demo.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

describe('the Monitoring tab', () => {
  it('shows a live edge healthy, with the values and helm command it runs', async () => {
    const { page } = app;
    await page.goto('/catalog/default/resource/edge-eu-1/monitoring');
    const health = card(page, 'Remote-write queue health');
    await reloadUntil(page, () =>
      health.getByText('healthy', { exact: true }).waitFor({ timeout: 5_000 }),
    );
    await expect(health.innerText()).resolves.toMatch(/LAG\s+\d+ s/);
    await screenshot(page, 'monitoring-tab.png');

    const values = card(page, 'Onboarding values');
    const yaml = await values.locator('pre').first().innerText();
    expect(yaml).toContain('agentMode: true');
    expect(yaml).toContain('cluster: edge-eu-1');
    // The values edges run: remote write to this run's live global.
    expect(yaml).toContain(`url: ${demo.globalUrl}/api/v1/write`);

    await page.getByRole('button', { name: 'Copy helm command' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^helm upgrade --install /);
    const token = await guestToken(demo.baseUrl);
    const served = await getJson<GeneratedValues>(
      demo.baseUrl,
      token,
      '/api/prometheus-fleet/clusters/default/edge-eu-1/values?format=json',
    );
    expect(copied).toBe(served.helmCommand);
  });

  it('shows what is wrong with the broken edge, and no values for it', async () => {
    const { page } = app;
    await page.goto('/catalog/default/resource/edge-broken/monitoring');
    const overview = card(page, 'Prometheus fleet');
    await expect(
      overview.getByText(/is not a valid label value/).innerText(),
    ).resolves.toContain(
      'arn:aws:eks:eu-west-1:123456789012:cluster/edge-eu-3',
    );
    await expect(
      overview.getByText(/^How to fix:/).innerText(),
    ).resolves.toContain('prometheus-fleet.io/cluster-label');

    const values = card(page, 'Onboarding values');
    await values
      .getByText('Values cannot be generated until these problems are fixed')
      .waitFor();
    await expect(values.locator('pre').count()).resolves.toBe(0);
  });
});
