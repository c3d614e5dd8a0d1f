import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { ClusterListResponse } from 'backstage-plugin-prometheus-fleet-common';
import { getJson, guestToken } from '../harness/backstageApi';
import { eventually } from '../harness/eventually';
import { REPO_ROOT } from '../harness/paths';
import { freeLoopbackPort } from '../rig/httpServer';
import { Rig, startRig } from '../rig/startRig';
import { addResolutions } from './addResolutions';
import { AppBackend, startAppBackend } from './appBackend';
import { mergeIntoAppConfig } from './appConfigYaml';
import { CatalogFiles, writeCatalogFiles } from './catalogFiles';
import { CreatedApp, createApp } from './createApp';
import { InstalledPackage, installedPackages } from './appTree';
import { Packed, packPlugins } from './packPlugins';
import { AdoptionSnippets, readAdoptionSnippets } from './readmeSnippets';
import { runConfig } from './runConfig';
import { runLogged, RunResult, runOrThrow } from './runLogged';
import { wireBackend } from './wireBackend';

/** Logs and screenshots of a run, kept for CI artifacts (git-ignored). */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test/test-results/adoption');

/** The example fleet's global, and the edge that runs live against it. */
export const GLOBAL = 'global-eu';
export const LIVE_EDGE = 'edge-eu-1';

/**
 * The app's GitHub integration reads GITHUB_TOKEN, as create-app writes it:
 * the template's pull request needs one to get as far as its dry run. No
 * request ever carries it.
 */
const GITHUB_TOKEN = 'adoption-test-token-never-sent';

const CATALOG_TIMEOUT_MS = 90_000;

export interface Adoption {
  snippets: AdoptionSnippets;
  app: CreatedApp;
  /** The app as create-app wrote it: its app-config.yaml, App.tsx and backend index.ts. */
  created: { appConfig: any; appSource: string; backendSource: string };
  packed: Packed;
  installed: InstalledPackage[];
  catalog: CatalogFiles;
  tsc: RunResult;
  rig: Rig;
  baseUrl: string;
  token: string;
}

/**
 * Follows the README's "Adding the plugins to your Backstage app" from
 * nothing to a running app: create-app, pack, pin, install, wire the backend,
 * config and catalog, type-check and build, then start the backend beside a
 * live global Prometheus with one edge writing to it. Everything lives in a
 * temporary directory (kept with ADOPTION_KEEP_APP=1, for a look at the app
 * afterwards). Whatever it starts or creates pushes its stop onto
 * `stoppers`, for the caller to run in reverse, whether or not it got to the
 * end; `timings` says how far it got, and when.
 */
export async function adoptApp({
  stoppers,
  timings,
}: {
  stoppers: Array<() => Promise<void>>;
  timings: string[];
}): Promise<Adoption> {
  const started = Date.now();
  const mark = (what: string) =>
    timings.push(`${what} ${Math.round((Date.now() - started) / 1000)} s`);
  const log = (name: string) => path.join(RESULTS_DIR, name);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  const snippets = readAdoptionSnippets();
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'prometheus-fleet-adoption-'),
  );
  stoppers.push(async () => {
    if (process.env.ADOPTION_KEEP_APP === '1') {
      process.stdout.write(`\nThe adopter's app stays in ${workDir}\n`);
    } else {
      await fs.promises.rm(workDir, { recursive: true, force: true });
    }
  });

  const app = await createApp({
    parentDir: workDir,
    name: 'fleet-adopter',
    version: snippets.createAppVersion,
    logFile: log('create-app.log'),
  });
  const read = (file: string) =>
    fs.readFileSync(path.join(app.dir, file), 'utf8');
  const created = {
    appConfig: parse(read('app-config.yaml')),
    appSource: read('packages/app/src/App.tsx'),
    backendSource: read('packages/backend/src/index.ts'),
  };
  mark('app created');

  // The live fleet starts beside the install, which does not need it.
  // Its stop waits for it to have started, should a step fail before then.
  const rigStarting = startRig({
    edges: [LIVE_EDGE],
    globalName: GLOBAL,
    scrapeInterval: '5s',
  });
  stoppers.push(async () => {
    const running = await rigStarting.catch(() => undefined);
    await running?.stopAll();
  });

  const packed = await packPlugins({
    snippet: snippets.pack,
    appDir: app.dir,
    logFile: log('pack.log'),
  });
  mark('packages packed');

  await addResolutions(app.dir, snippets.pins);
  await addResolutions(app.dir, snippets.tarballs);
  for (const [index, line] of snippets.installTarballs.entries()) {
    await runOrThrow('bash', ['-euo', 'pipefail', '-c', line], {
      cwd: app.dir,
      logFile: log(`install-${index + 1}.log`),
    });
  }
  const installed = installedPackages(app.dir);
  mark('installed');

  await wireBackend(app.dir, snippets.backend);
  const rig = await rigStarting;
  const catalog = await writeCatalogFiles({
    appDir: app.dir,
    catalogSnippet: snippets.catalog,
    template: snippets.template,
    globalUrl: rig.global.url,
  });
  await mergeIntoAppConfig(path.join(app.dir, 'app-config.yaml'), [
    snippets.frontend,
    snippets.config,
    snippets.catalog,
  ]);

  // Type-check and build on the two cores at once, both to their end; a
  // type error is a test failure of its own, a build that fails leaves
  // nothing to test.
  const [tsc, build] = await Promise.allSettled([
    runLogged('yarn', ['tsc'], { cwd: app.dir, logFile: log('tsc.log') }),
    runOrThrow('yarn', ['workspace', 'app', 'build'], {
      cwd: app.dir,
      logFile: log('app-build.log'),
    }),
  ]);
  if (tsc.status === 'rejected') throw tsc.reason;
  if (build.status === 'rejected') throw build.reason;
  mark('type-checked and built');

  const backendPort = await freeLoopbackPort();
  const baseUrl = `http://127.0.0.1:${backendPort}`;
  const queryEndpoint = (
    snippets.config as {
      prometheusFleet: { queryEndpoints: Array<{ name: string }> };
    }
  ).prometheusFleet.queryEndpoints[0].name;
  const runConfigFile = path.join(workDir, 'app-config.adoption-run.yaml');
  fs.writeFileSync(
    runConfigFile,
    runConfig({ backendPort, queryEndpoint, globalUrl: rig.global.url }),
  );
  const backend: AppBackend = await startAppBackend({
    appDir: app.dir,
    configFiles: [path.join(app.dir, 'app-config.yaml'), runConfigFile],
    baseUrl,
    logFile: log('backend.log'),
    env: { GITHUB_TOKEN },
  });
  stoppers.push(() => backend.stop());
  mark(`backend ready on ${baseUrl}`);

  const token = await guestToken(baseUrl);
  await eventually(
    async () => {
      const { items } = await getJson<ClusterListResponse>(
        baseUrl,
        token,
        '/api/prometheus-fleet/clusters',
      );
      const listed = new Set(items.map(cluster => cluster.name));
      const missing = catalog.clusters.filter(c => !listed.has(c.name));
      if (missing.length > 0) {
        throw new Error(
          `the fleet API lists no ${missing.map(c => c.name).join(', ')} yet`,
        );
      }
    },
    { timeoutMs: CATALOG_TIMEOUT_MS },
  );
  mark('catalog ingested the fleet');

  return {
    snippets,
    app,
    created,
    packed,
    installed,
    catalog,
    tsc: tsc.value,
    rig,
    baseUrl,
    token,
  };
}
