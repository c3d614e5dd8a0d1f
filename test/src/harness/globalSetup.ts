import { DEMO_STATE_ENV } from './demoState';
import { Demo, startDemo } from './startDemo';

/** Jest shares globals between the global setup and teardown only. */
export interface DemoGlobal {
  prometheusFleetDemo?: Demo;
}

function portFromEnv(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    throw new Error(`${name} must be a port number, not "${value}"`);
  }
  return Number(value);
}

/**
 * Starts the demo app once for every browser and scaffolder test. Ports are
 * free ones unless E2E_GLOBAL_PORT / E2E_BACKEND_PORT fix them (never the
 * 19090 and 7007 of a developer's `yarn start`, unless asked for);
 * E2E_REUSE_APP_BUILD=1 keeps an existing app build.
 */
export default async function globalSetup(): Promise<void> {
  const demo = await startDemo({
    globalPort: portFromEnv('E2E_GLOBAL_PORT'),
    backendPort: portFromEnv('E2E_BACKEND_PORT'),
    pollSeconds: 5,
    reuseAppBuild: process.env.E2E_REUSE_APP_BUILD === '1',
  });
  (globalThis as DemoGlobal).prometheusFleetDemo = demo;
  process.env[DEMO_STATE_ENV] = demo.stateFile;
  process.stdout.write(
    `\nDemo app on ${demo.state.baseUrl} (global ${
      demo.state.globalUrl
    }): ${demo.timings.join(', ')}\n`,
  );
}
