import fs from 'node:fs/promises';
import path from 'node:path';
import { runOrThrow } from './runLogged';

/** What create-app wrote, before the adoption changes anything. */
export interface CreatedApp {
  dir: string;
  /**
   * Every `@backstage/*` version create-app wrote into the app's
   * package.json files (its ranges are `^<version>`): the release line's own
   * versions, a second source for the README's pins.
   */
  writtenVersions: Map<string, string>;
}

const PACKAGE_FILES = [
  'package.json',
  'packages/app/package.json',
  'packages/backend/package.json',
];

async function writtenVersions(dir: string): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  for (const file of PACKAGE_FILES) {
    const pkg = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8'));
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, range] of Object.entries<string>(deps ?? {})) {
        if (name.startsWith('@backstage/')) {
          versions.set(name, range.replace(/^\^/, ''));
        }
      }
    }
  }
  return versions;
}

/**
 * Creates an app as a new adopter does, with the create-app version the
 * README names, from the npm registry through `yarn dlx` (its packages go to
 * yarn's global cache, nothing else is kept). The name comes from
 * BACKSTAGE_APP_NAME, which create-app reads instead of asking. Its own
 * install is skipped: the adoption installs once, after pinning.
 */
export async function createApp(options: {
  parentDir: string;
  name: string;
  version: string;
  logFile: string;
}): Promise<CreatedApp> {
  await runOrThrow(
    'yarn',
    ['dlx', `@backstage/create-app@${options.version}`, '--skip-install'],
    {
      cwd: options.parentDir,
      logFile: options.logFile,
      env: { BACKSTAGE_APP_NAME: options.name },
    },
  );
  const dir = path.join(options.parentDir, options.name);
  return { dir, writtenVersions: await writtenVersions(dir) };
}
