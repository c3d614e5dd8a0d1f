import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { getJson } from '../harness/backstageApi';
import { AppSession, card, openApp, reloadUntil } from '../harness/browser';
import { REPO_ROOT } from '../harness/paths';
import { Adoption, adoptApp, GLOBAL, LIVE_EDGE, RESULTS_DIR } from './adoptApp';
import {
  nestedBackstageCopies,
  rangesOutsideReleaseLine,
  unmetBackstageRanges,
} from './appTree';
import { publishablePackages } from './packPlugins';
import { logTail } from './runLogged';
import { tarballProblems } from './tarballContents';
import { dryRunTemplate } from './templateDryRun';

/**
 * The adoption test (issue #13): a new team adopts the plugins by following
 * the README's "Adding the plugins to your Backstage app" in a fresh
 * create-app app, on a clean machine. See README.md in this folder.
 */

const stoppers: Array<() => Promise<void>> = [];
const timings: string[] = [];
let adoption: Adoption;
let browser: AppSession | undefined;

beforeAll(async () => {
  try {
    adoption = await adoptApp({ stoppers, timings });
  } finally {
    process.stdout.write(`\nAdoption: ${timings.join(', ')}\n`);
  }
}, 25 * 60_000);

afterAll(async () => {
  await browser?.close();
  for (const stop of stoppers.reverse()) await stop();
}, 120_000);

/** A browser on the app, signed in as create-app's guest, for the UI checks. */
async function app(): Promise<AppSession> {
  browser ??= await openApp(adoption.baseUrl);
  return browser;
}

async function screenshot(session: AppSession, name: string) {
  const dir = path.join(RESULTS_DIR, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await session.page.screenshot({ path: path.join(dir, name), fullPage: true });
}

const titles = (role?: 'edge' | 'global') =>
  adoption.catalog.clusters
    .filter(cluster => role === undefined || cluster.role === role)
    .map(cluster => cluster.title)
    .sort();

describe('the README', () => {
  it('names the release line this repository is on, which its create-app version creates', () => {
    const repo = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'backstage.json'), 'utf8'),
    ).version;
    const created = JSON.parse(
      fs.readFileSync(path.join(adoption.app.dir, 'backstage.json'), 'utf8'),
    ).version;
    expect(created).toBe(repo);
    expect(repo.startsWith(`${adoption.snippets.releaseLine}.`)).toBe(true);
  });

  it('relies only on what create-app makes: the new frontend system, Resource allowed, the GitHub module and integration', () => {
    const { appConfig, appSource, backendSource } = adoption.created;
    expect(appSource).toContain("from '@backstage/frontend-defaults'");
    expect(appConfig.app.packages).toBe('all');
    expect(appConfig.catalog.rules).toContainEqual({
      allow: expect.arrayContaining(['Resource']),
    });
    expect(backendSource).toContain(
      "backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));",
    );
    expect(appConfig.integrations.github).toContainEqual({
      host: 'github.com',
      token: '${GITHUB_TOKEN}',
    });
  });

  it('installs from tarballs with the registry commands, each at its packed version', () => {
    const versions = new Map(
      adoption.packed.tarballs.map(({ pkg }) => [pkg.name, pkg.version]),
    );
    const withVersions = adoption.snippets.installRegistry.map(line =>
      line.replace(
        /(^| )(backstage-plugin-[a-z-]+)(?= |$)/g,
        (_, space, name) => `${space}${name}@^${versions.get(name)}`,
      ),
    );
    expect(adoption.snippets.installTarballs).toEqual(withVersions);
    expect(adoption.snippets.tarballs).toEqual(
      Object.fromEntries(
        adoption.packed.tarballs.map(({ pkg, file }) => [
          pkg.name,
          `file:./tarballs/${path.basename(file)}`,
        ]),
      ),
    );
  });
});

describe('packing', () => {
  it('packs every publishable package as npm publish would upload it', () => {
    expect(adoption.packed.tarballs.map(({ pkg }) => pkg.name).sort()).toEqual(
      publishablePackages()
        .map(p => p.name)
        .sort(),
    );
    expect(adoption.packed.tarballs.flatMap(tarballProblems)).toEqual([]);
  });

  it('leaves the workspace package.json files as they were', () => {
    expect(adoption.packed.leftovers).toEqual([]);
  });
});

describe("the app's dependencies", () => {
  it('hold every @backstage package once, at the version the README pins', () => {
    const { pins } = adoption.snippets;
    const backstage = adoption.installed.filter(p =>
      p.name.startsWith('@backstage/'),
    );
    const versions = new Map<string, Set<string>>();
    for (const p of backstage) {
      versions.set(p.name, (versions.get(p.name) ?? new Set()).add(p.version));
    }
    const offLine = [...versions]
      .filter(([name, found]) => found.size > 1 || !found.has(pins[name]))
      .map(
        ([name, found]) =>
          `${name} ${[...found].join(', ')} (README: ${
            pins[name] ?? 'no pin'
          })`,
      );
    expect(offLine).toEqual([]);
    // Pins of packages the app does not hold would be stale.
    expect(Object.keys(pins).filter(name => !versions.has(name))).toEqual([]);
    // And they are one release: no package asks for another's newer version.
    expect(unmetBackstageRanges(adoption.installed)).toEqual([]);
  });

  it('take the README pins from the release line: the versions create-app writes and this repository pins', () => {
    const { pins } = adoption.snippets;
    const repoPins = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
    ).resolutions as Record<string, string>;
    const disagreeing = [
      ...adoption.app.writtenVersions,
      ...Object.entries(repoPins).filter(([name]) =>
        name.startsWith('@backstage/'),
      ),
    ]
      .filter(([name, version]) => name in pins && pins[name] !== version)
      .map(
        ([name, version]) =>
          `${name}: README ${pins[name]}, elsewhere ${version}`,
      );
    expect(disagreeing).toEqual([]);
    const unpinned = [...adoption.app.writtenVersions.keys()].filter(
      name => !(name in pins),
    );
    expect(unpinned).toEqual([]);
  });

  it('give our packages no nested @backstage copies, their ranges taking the release line', () => {
    const ours = adoption.packed.tarballs.map(({ pkg }) => pkg.name);
    expect(
      nestedBackstageCopies(adoption.installed, ours).map(p => p.dir),
    ).toEqual([]);
    expect(
      adoption.packed.tarballs.flatMap(({ pkg }) =>
        rangesOutsideReleaseLine(pkg, adoption.snippets.pins),
      ),
    ).toEqual([]);
  });
});

describe('the app', () => {
  it('type-checks with the plugins wired in', () => {
    const { code, logFile } = adoption.tsc;
    // The compiler's last lines in the failure's diff, nothing on success.
    expect(code === 0 ? '' : logTail(logFile)).toBe('');
  });

  it(`shows the Monitoring tab of ${LIVE_EDGE}: its place in the fleet, its values and its health`, async () => {
    const session = await app();
    const { page } = session;
    await page.goto(`/catalog/default/resource/${LIVE_EDGE}/monitoring`);
    const place = card(page, 'Prometheus fleet');
    await place.getByText(`cluster="${LIVE_EDGE}"`).waitFor();
    // The global's link shows its name until the catalog answers with its title.
    await place.getByText(titles('global')[0]).waitFor();
    await expect(place.innerText()).resolves.toContain(titles('global')[0]);

    const values = await card(page, 'Onboarding values')
      .locator('pre')
      .first()
      .innerText();
    expect(values).toContain('agentMode: true');
    expect(values).toContain(`cluster: ${LIVE_EDGE}`);
    expect(values).toContain(`url: ${adoption.rig.global.url}/api/v1/write`);

    const health = card(page, 'Remote-write queue health');
    await reloadUntil(
      page,
      () =>
        health
          .getByText('healthy', { exact: true })
          .waitFor({ timeout: 5_000 }),
      90_000,
    );
    await screenshot(session, 'monitoring-tab.png');
  }, 180_000);

  it('lists every cluster on the fleet page, from its sidebar item', async () => {
    const session = await app();
    const { page } = session;
    await page.getByRole('link', { name: 'Prometheus', exact: true }).click();
    await page.waitForURL('**/prometheus-fleet');
    const clusters = card(page, /^Clusters \(/);
    await page.getByText(`Clusters (${titles().length})`).waitFor();
    const listed = await clusters
      .locator('a[href$="/monitoring"]')
      .allInnerTexts();
    expect(listed.sort()).toEqual(titles());
    await screenshot(session, 'fleet-page.png');
  }, 120_000);

  it(`shows on ${GLOBAL}'s overview the card listing its edges`, async () => {
    const session = await app();
    const { page } = session;
    await page.goto(`/catalog/default/resource/${GLOBAL}`);
    const edges = card(page, 'Edges writing to this global');
    await edges
      .getByText(`${titles('edge').length} edges:`, { exact: false })
      .waitFor();
    const rows = await edges.locator('tbody tr').allInnerTexts();
    expect(rows.map(row => row.split('\t')[0].trim()).sort()).toEqual(
      titles('edge'),
    );
    await screenshot(session, 'global-card.png');
  }, 120_000);

  it('registers the onboarding template, listed under Create', async () => {
    const template = parse(
      fs.readFileSync(adoption.catalog.templateFile, 'utf8'),
    );
    await expect(
      getJson(
        adoption.baseUrl,
        adoption.token,
        `/api/catalog/entities/by-name/template/default/${template.metadata.name}`,
      ),
    ).resolves.toMatchObject({ kind: 'Template' });
    const { page } = await app();
    await page.goto('/create');
    const listed = page.getByText(template.metadata.title, { exact: true });
    await listed.waitFor();
    await expect(listed.isVisible()).resolves.toBe(true);
  }, 120_000);

  it("renders the template's form with the plugin's own fields", async () => {
    const template = parse(
      fs.readFileSync(adoption.catalog.templateFile, 'utf8'),
    );
    const { page } = await app();
    await page.goto(`/create/templates/default/${template.metadata.name}`);
    // The name field is the plugin's PrometheusFleetClusterName: without
    // its field extension the scaffolder renders a bare input, unlabelled.
    const name = page.getByRole('textbox', { name: /^Name/ });
    await name.waitFor();
    await expect(name.count()).resolves.toBe(1);
  }, 120_000);
});

describe('the onboarding template', () => {
  it('dry-runs with its defaults, the pull request included, in the app', async () => {
    const global = adoption.catalog.clusters.find(c => c.role === 'global')!;
    const name = 'edge-adopted-1';
    const dryRun = await dryRunTemplate({
      baseUrl: adoption.baseUrl,
      token: adoption.token,
      templateFile: adoption.catalog.templateFile,
      values: {
        name,
        global: `resource:default/${global.name}`,
        owner: global.owner,
        repoUrl: 'github.com?owner=acme&repo=clusters',
      },
    });

    const stepsOf = (action: string) =>
      dryRun.template.spec.steps.filter(step => step.action === action);
    const statusOf = (action: string) =>
      stepsOf(action).map(step => dryRun.statuses.get(step.id));
    const failed = [...dryRun.statuses].filter(
      ([, status]) => status === 'failed',
    );
    if (failed.length > 0) {
      throw new Error(
        `Steps ${failed
          .map(([id]) => id)
          .join(', ')} failed:\n${dryRun.log.join('\n')}`,
      );
    }
    expect(statusOf('prometheus-fleet:edge:create')).toEqual(['completed']);
    expect(statusOf('publish:github:pull-request')).toEqual(['completed']);

    expect(parse(dryRun.files.get('catalog-info.yaml')!)).toMatchObject({
      kind: 'Resource',
      metadata: {
        name,
        annotations: {
          'prometheus-fleet.io/role': 'edge',
          'prometheus-fleet.io/global': `resource:default/${global.name}`,
        },
      },
      spec: { type: 'kubernetes-cluster', owner: global.owner },
    });
    const values = dryRun.files.get(`values-${name}.yaml`) ?? '';
    expect(values).toContain('agentMode: true');
    expect(values).toContain(`url: ${adoption.rig.global.url}/api/v1/write`);
    expect(dryRun.output.links?.map(link => link.title)).toContain(
      'Pull request',
    );
  }, 120_000);
});
