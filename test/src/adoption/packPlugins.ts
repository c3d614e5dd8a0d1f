import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../harness/paths';
import { runLogged, logTail } from './runLogged';
import { readTarball, Tarball } from './tarballContents';

const PLUGINS_DIR = path.join(REPO_ROOT, 'plugins');

/** The publishable packages: every package under plugins/ that is not private. */
export function publishablePackages(): Array<{ name: string; dir: string }> {
  return fs
    .readdirSync(PLUGINS_DIR)
    .map(folder => path.join(PLUGINS_DIR, folder))
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      pkg: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ name: pkg.name as string, dir }));
}

/** The files of a package folder that packing rewrites or generates in place. */
const PACKING_FILES = [
  'package.json',
  'package.json-prepack',
  'config.schema.json',
];

function snapshot(dirs: string[]): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const dir of dirs) {
    for (const name of PACKING_FILES) {
      const file = path.join(dir, name);
      files.set(
        file,
        fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined,
      );
    }
  }
  return files;
}

export interface Packed {
  tarballs: Tarball[];
  /** Workspace files that packing left changed, created or deleted: none when prepack and postpack pair up. */
  leftovers: string[];
}

/**
 * Builds and packs the packages by running the README's own commands in this
 * repository, with `APP` pointing at the adopter's app, so the tarballs are
 * what `npm publish` would upload (`backstage-cli package prepack` moves
 * main, types and exports to `dist`, `postpack` restores package.json).
 * Checks that each package folder is as it was afterwards; a package.json
 * that a failed pack left rewritten is restored from prepack's own backup.
 */
export async function packPlugins(options: {
  snippet: string;
  appDir: string;
  logFile: string;
}): Promise<Packed> {
  const packages = publishablePackages();
  const before = snapshot(packages.map(p => p.dir));
  const outDir = path.join(options.appDir, 'tarballs');
  fs.mkdirSync(outDir, { recursive: true });

  const { code } = await runLogged(
    'bash',
    ['-euo', 'pipefail', '-c', options.snippet],
    { cwd: REPO_ROOT, logFile: options.logFile, env: { APP: options.appDir } },
  );

  const after = snapshot(packages.map(p => p.dir));
  const leftovers = [...before.keys()].filter(
    file => before.get(file) !== after.get(file),
  );
  for (const { dir } of packages) {
    const backup = path.join(dir, 'package.json-prepack');
    if (fs.existsSync(backup) && before.get(backup) === undefined) {
      fs.renameSync(backup, path.join(dir, 'package.json'));
    }
  }
  if (code !== 0) {
    throw new Error(
      `The README's pack commands exited with ${code}:\n${logTail(
        options.logFile,
      )}`,
    );
  }
  const tarballs = await Promise.all(
    fs
      .readdirSync(outDir)
      .filter(file => file.endsWith('.tgz'))
      .sort()
      .map(file => readTarball(path.join(outDir, file))),
  );
  return {
    tarballs,
    leftovers: leftovers.map(file => path.relative(REPO_ROOT, file)),
  };
}
