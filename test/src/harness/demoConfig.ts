import fs from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { APP_CONFIG, BACKEND_DIR, EXAMPLE_CLUSTERS, REPO_ROOT } from './paths';

/** The remote-write URL examples/fleet/clusters.yaml gives global-eu: the live demo fleet of `yarn start`. */
export const EXAMPLE_REMOTE_WRITE_URL = 'http://127.0.0.1:19090/api/v1/write';

/** The demo's own local-git root, whose catalog location the test run points elsewhere. */
const DEMO_ONBOARDED_ROOT = path.join(REPO_ROOT, 'examples/.demo-onboarded');

/** The query endpoint examples/fleet/clusters.yaml names on global-eu. */
const GLOBAL_QUERY_ENDPOINT = 'global-eu';

export interface DemoConfigOptions {
  backendPort: number;
  /** Base URL of the running global Prometheus. */
  globalUrl: string;
  /** Where the test run's copy of the example fleet goes. */
  catalogFile: string;
  onboardedRoot: string;
  pollSeconds: number;
}

interface CatalogLocation {
  type: string;
  target: string;
}

function onboardedGlob(root: string): string {
  return path.join(root, '*', 'catalog-info.yaml');
}

/**
 * The example fleet with global-eu's remote-write URL pointing at the global
 * this run started, so that the generated values, the edges that run them
 * and the queue metrics the backend polls all agree (a URL mismatch would be
 * reported as remote-write drift).
 */
export async function writeDemoCatalog(
  catalogFile: string,
  globalUrl: string,
): Promise<void> {
  const clusters = await fs.readFile(EXAMPLE_CLUSTERS, 'utf8');
  if (!clusters.includes(EXAMPLE_REMOTE_WRITE_URL)) {
    throw new Error(
      `${EXAMPLE_CLUSTERS} no longer gives global-eu the remote-write URL ${EXAMPLE_REMOTE_WRITE_URL}; update the test harness with it.`,
    );
  }
  await fs.writeFile(
    catalogFile,
    clusters.replaceAll(EXAMPLE_REMOTE_WRITE_URL, `${globalUrl}/api/v1/write`),
  );
}

/**
 * app-config.yaml's catalog locations, absolute, with the example fleet and
 * the onboarded clusters replaced by this run's files. Arrays replace rather
 * than merge across config files, so the override repeats every location.
 */
async function catalogLocations(
  options: DemoConfigOptions,
): Promise<CatalogLocation[]> {
  const appConfig = parse(await fs.readFile(APP_CONFIG, 'utf8'));
  const replacements = new Map([
    [EXAMPLE_CLUSTERS, options.catalogFile],
    [onboardedGlob(DEMO_ONBOARDED_ROOT), onboardedGlob(options.onboardedRoot)],
  ]);
  const locations = (appConfig.catalog.locations as CatalogLocation[]).map(
    location => {
      const target = path.resolve(BACKEND_DIR, location.target);
      const replacement = replacements.get(target);
      replacements.delete(target);
      return { ...location, target: replacement ?? target };
    },
  );
  if (replacements.size > 0) {
    throw new Error(
      `${APP_CONFIG} has no catalog location for ${[
        ...replacements.keys(),
      ].join(', ')}; update the test harness.`,
    );
  }
  return locations;
}

export const DEMO_SILENT_AFTER_SECONDS = 15;
export const DEMO_NOTIFICATION_MIN_DURATION_SECONDS = 5;

/**
 * The config the test run adds to app-config.yaml: the backend on a free
 * port of 127.0.0.1 serving the built app from the same origin, global-eu
 * polled at this run's global every few seconds and silent after 15 s (with
 * owner notifications 5 s later), and the onboarding
 * template publishing into a temporary git repository.
 */
export async function demoConfig(options: DemoConfigOptions): Promise<string> {
  const baseUrl = `http://127.0.0.1:${options.backendPort}`;
  return stringify({
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: options.backendPort, host: '127.0.0.1' },
      cors: { origin: baseUrl },
    },
    catalog: { locations: await catalogLocations(options) },
    prometheusFleet: {
      queryEndpoints: [{ name: GLOBAL_QUERY_ENDPOINT, url: options.globalUrl }],
      schedule: {
        frequency: { seconds: options.pollSeconds },
        timeout: { seconds: options.pollSeconds - 1 },
      },
      // A stopped edge reads silent, and its owner is told, within seconds.
      thresholds: { silentAfter: `${DEMO_SILENT_AFTER_SECONDS}s` },
      notifications: {
        minDuration: `${DEMO_NOTIFICATION_MIN_DURATION_SECONDS}s`,
      },
    },
    demo: { localGitRoot: options.onboardedRoot },
  });
}
