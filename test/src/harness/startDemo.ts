import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClusterListResponse } from 'backstage-plugin-prometheus-fleet-common';
import { freeLoopbackPort } from '../rig/httpServer';
import { startRig } from '../rig/startRig';
import { buildApp } from './appBuild';
import { startBackend } from './backendProcess';
import { getJson, guestToken } from './backstageApi';
import { demoConfig, writeDemoCatalog } from './demoConfig';
import { DemoState } from './demoState';
import { eventually } from './eventually';
import { APP_CONFIG, RESULTS_DIR } from './paths';

/** The example fleet's edges that `yarn start` runs live (scripts/start-demo.mjs). */
export const LIVE_EDGES = ['edge-eu-1', 'edge-eu-2', 'edge-us-1'];

const CATALOG_TIMEOUT_MS = 60_000;

export interface DemoOptions {
  /** Port of the live global Prometheus; a free one by default. */
  globalPort?: number;
  /** Port of the backend and app; a free one by default. */
  backendPort?: number;
  /** Queue-health poll interval. */
  pollSeconds: number;
  /** Keeps an existing packages/app/dist instead of building the app. */
  reuseAppBuild: boolean;
}

export interface Demo {
  state: DemoState;
  /** JSON of `state`, for test files in other processes. */
  stateFile: string;
  /** When each part was ready, for the run's log. */
  timings: string[];
  stop(): Promise<void>;
}

/**
 * Starts the demo app as `yarn start` does, on ports of its own: the live
 * fleet (a real global Prometheus and the example's edges as agents), the
 * built frontend and the real backend with the example catalog. Resolves
 * once the catalog has ingested the fleet.
 */
export async function startDemo(options: DemoOptions): Promise<Demo> {
  const started = Date.now();
  const timings: string[] = [];
  const mark = (what: string) =>
    timings.push(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const stateDir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'prometheus-fleet-e2e-'),
  );
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper();
    await fs.rm(stateDir, { recursive: true, force: true });
  };

  try {
    // The live fleet starts while the app builds; both are needed before the backend.
    const [rig, build] = await Promise.allSettled([
      startRig({
        edges: LIVE_EDGES,
        globalName: 'global-eu',
        globalPort: options.globalPort,
        scrapeInterval: '5s',
      }).then(running => {
        stoppers.push(() => running.stopAll());
        mark('live fleet running');
        return running;
      }),
      buildApp({
        reuse: options.reuseAppBuild,
        logFile: path.join(RESULTS_DIR, 'app-build.log'),
      }).then(() => mark('app built')),
    ]);
    if (rig.status === 'rejected') throw rig.reason;
    if (build.status === 'rejected') throw build.reason;

    const backendPort = options.backendPort ?? (await freeLoopbackPort());
    const baseUrl = `http://127.0.0.1:${backendPort}`;
    const state: DemoState = {
      baseUrl,
      globalUrl: rig.value.global.url,
      liveEdges: LIVE_EDGES,
      configFiles: [APP_CONFIG, path.join(stateDir, 'app-config.e2e.yaml')],
      catalogFile: path.join(stateDir, 'clusters.yaml'),
      onboardedRoot: path.join(stateDir, 'onboarded'),
      backendLog: path.join(RESULTS_DIR, 'backend.log'),
    };
    await writeDemoCatalog(state.catalogFile, state.globalUrl);
    await fs.writeFile(
      state.configFiles[1],
      await demoConfig({
        backendPort,
        globalUrl: state.globalUrl,
        catalogFile: state.catalogFile,
        onboardedRoot: state.onboardedRoot,
        pollSeconds: options.pollSeconds,
      }),
    );

    const backend = await startBackend({
      configFiles: state.configFiles,
      baseUrl,
      logFile: state.backendLog,
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
        const names = items.map(cluster => cluster.name);
        const missing = LIVE_EDGES.filter(edge => !names.includes(edge));
        if (missing.length) {
          throw new Error(`the fleet API lists no ${missing.join(', ')} yet`);
        }
      },
      { timeoutMs: CATALOG_TIMEOUT_MS },
    );
    mark('catalog ingested the fleet');

    const stateFile = path.join(stateDir, 'demo.json');
    await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
    return { state, stateFile, timings, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
