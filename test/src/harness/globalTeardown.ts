import type { DemoGlobal } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as DemoGlobal).prometheusFleetDemo?.stop();
}
