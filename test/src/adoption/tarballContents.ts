import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface PackedPackage {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

export interface Tarball {
  file: string;
  /** The package.json npm publish would upload. */
  pkg: PackedPackage;
  /** Paths inside the package, without the tarball's `package/` prefix. */
  files: string[];
}

const run = promisify(execFile);

export async function readTarball(file: string): Promise<Tarball> {
  const [{ stdout: list }, { stdout: pkg }] = await Promise.all([
    run('tar', ['-tzf', file], { maxBuffer: 16 * 1024 * 1024 }),
    run('tar', ['-xzOf', file, 'package/package.json']),
  ]);
  return {
    file,
    pkg: JSON.parse(pkg),
    files: list
      .split('\n')
      .filter(Boolean)
      .map(entry => entry.replace(/^package\//, '')),
  };
}

/**
 * Every path string under a package.json field (exports maps nest). The
 * `backstage` condition that prepack adds to exports names the feature type
 * (`@backstage/FrontendPlugin`), not a file.
 */
function paths(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(paths);
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([key]) => key !== 'backstage')
      .flatMap(([, nested]) => paths(nested));
  }
  return [];
}

/**
 * What would break an installation from this tarball: an entry point
 * (main, module, types, exports, typesVersions, configSchema) that is not in
 * it or still points at TypeScript sources, or a `workspace:` range that only
 * means something in this repository.
 */
export function tarballProblems({ pkg, files }: Tarball): string[] {
  const problems: string[] = [];
  const inside = new Set(files);
  const fields = [
    'main',
    'module',
    'types',
    'exports',
    'typesVersions',
    'configSchema',
  ];
  for (const field of fields) {
    for (const target of paths(pkg[field])) {
      const file = target.replace(/^\.\//, '');
      if (!inside.has(file)) {
        problems.push(
          `${pkg.name}: ${field} names ${target}, not in the tarball`,
        );
      } else if (/\.tsx?$/.test(file) && !file.endsWith('.d.ts')) {
        problems.push(`${pkg.name}: ${field} points at the source ${target}`);
      }
    }
  }
  for (const deps of [pkg.dependencies, pkg.peerDependencies]) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      if (range.startsWith('workspace:')) {
        problems.push(`${pkg.name}: depends on ${name}@${range}`);
      }
    }
  }
  return problems;
}
