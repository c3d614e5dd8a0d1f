import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

export interface InstalledPackage {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  /** Relative to the app: node_modules/a, or node_modules/a/node_modules/b for a nested copy. */
  dir: string;
}

function packageDirs(nodeModules: string): string[] {
  if (!fs.existsSync(nodeModules)) return [];
  return fs.readdirSync(nodeModules).flatMap(entry => {
    if (entry.startsWith('.')) return [];
    const dir = path.join(nodeModules, entry);
    return entry.startsWith('@')
      ? fs.readdirSync(dir).map(name => path.join(dir, name))
      : [dir];
  });
}

/**
 * Every package installed in the app (the node-modules linker's tree), at
 * every depth: a package under another's node_modules is a nested copy, which
 * the parent got because the hoisted one did not fit its range.
 */
export function installedPackages(appDir: string): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  const visit = (nodeModules: string) => {
    for (const dir of packageDirs(nodeModules)) {
      const manifest = path.join(dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name, version, dependencies, peerDependencies } = JSON.parse(
        fs.readFileSync(manifest, 'utf8'),
      );
      found.push({
        name,
        version,
        dependencies,
        peerDependencies,
        dir: path.relative(appDir, dir),
      });
      visit(path.join(dir, 'node_modules'));
    }
  };
  visit(path.join(appDir, 'node_modules'));
  for (const workspace of ['packages/app', 'packages/backend']) {
    visit(path.join(appDir, workspace, 'node_modules'));
  }
  return found;
}

/** Nested `@backstage/*` copies anywhere under the given packages' folders. */
export function nestedBackstageCopies(
  installed: InstalledPackage[],
  under: string[],
): InstalledPackage[] {
  const roots = installed.filter(p => under.includes(p.name)).map(p => p.dir);
  return installed.filter(
    p =>
      p.name.startsWith('@backstage/') &&
      roots.some(root => p.dir.startsWith(`${root}/node_modules/`)),
  );
}

/**
 * The `@backstage/*` ranges of installed `@backstage/*` packages that the
 * installed version does not satisfy: a package of another release than its
 * dependencies, which resolutions forced together (a newer plugin on older
 * core packages, or a pin too old for its dependents).
 */
export function unmetBackstageRanges(installed: InstalledPackage[]): string[] {
  const versions = new Map(installed.map(p => [p.name, p.version]));
  return installed
    .filter(p => p.name.startsWith('@backstage/'))
    .flatMap(p =>
      Object.entries({ ...p.dependencies, ...p.peerDependencies })
        .filter(([name, range]) => {
          const version = versions.get(name);
          return (
            name.startsWith('@backstage/') &&
            version !== undefined &&
            semver.validRange(range) !== null &&
            !semver.satisfies(version, range)
          );
        })
        .map(
          ([name, range]) =>
            `${p.name}@${
              p.version
            } asks for ${name}@${range}, has ${versions.get(name)}`,
        ),
    );
}

/**
 * The `@backstage/*` ranges of a package (dependencies and peers) that the
 * release line's version does not satisfy: with such a range, an app pinned
 * to the release line only avoids a nested copy because resolutions override
 * it, and an app that is not pinned gets one.
 */
export function rangesOutsideReleaseLine(
  pkg: {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  },
  releaseVersions: Record<string, string>,
): string[] {
  return Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })
    .filter(([name]) => name.startsWith('@backstage/'))
    .flatMap(([name, range]) => {
      const version = releaseVersions[name];
      if (version === undefined) {
        return [`${pkg.name}: ${name}@${range} has no release-line version`];
      }
      return semver.satisfies(version, range)
        ? []
        : [`${pkg.name}: ${name}@${range} does not take ${version}`];
    });
}
