import fs from 'node:fs';

/** Where the global setup leaves the running demo's state for the tests. */
export const DEMO_STATE_ENV = 'PROMETHEUS_FLEET_DEMO_STATE';

/** The running demo app, as tests reach it. */
export interface DemoState {
  /** Backend and app, one origin on 127.0.0.1. */
  baseUrl: string;
  /** The live fleet's global Prometheus. */
  globalUrl: string;
  /** Edges of the example fleet that run as live Prometheus agents. */
  liveEdges: string[];
  /** The backend's config files: app-config.yaml, then this run's override. */
  configFiles: string[];
  /** The example fleet as this run's catalog reads it. */
  catalogFile: string;
  /** The onboarding template's local git repository. */
  onboardedRoot: string;
  backendLog: string;
}

export function readDemoState(): DemoState {
  const file = process.env[DEMO_STATE_ENV];
  if (!file) {
    throw new Error(
      `${DEMO_STATE_ENV} is not set: run these tests with \`yarn test:e2e\` in test/, whose global setup starts the demo app.`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DemoState;
}
