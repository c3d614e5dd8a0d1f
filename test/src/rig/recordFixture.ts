import fs from 'node:fs';
import path from 'node:path';

/** `prometheus-<major.minor>-<kind>.json`, the name the rig's recordings take. */
export function fixtureFileName(
  kind: string,
  prometheusVersion: string,
): string {
  const version = prometheusVersion.split('.').slice(0, 2).join('.');
  return `prometheus-${version}-${kind}.json`;
}

/** Writes a recording as the tests import it, and says where. */
export function writeFixture(file: string, fixture: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  process.stdout.write(`Wrote ${file}\n`);
}

/** Runs a recording script's main, exiting non-zero with the stack when it fails. */
export function runRecording(main: () => Promise<void>): void {
  main().catch(error => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  });
}
