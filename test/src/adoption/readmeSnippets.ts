import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/paths';

export const README = path.join(REPO_ROOT, 'README.md');

const SECTION = '## Adding the plugins to your Backstage app';

/**
 * The README's adoption steps, as the adoption test runs them: each fenced
 * block follows an `<!-- adoption:<name> -->` marker in the section, so that
 * the test runs what the README says and the README cannot drift from what
 * works.
 */
export interface AdoptionSnippets {
  /** The Backstage release line the section names, e.g. `1.55`. */
  releaseLine: string;
  /** The `@backstage/create-app` version the section names, e.g. `0.9.2`. */
  createAppVersion: string;
  /** The onboarding template the section tells to copy, relative to the repository. */
  template: string;
  /** The root `resolutions` that pin the app to the release line. */
  pins: Record<string, string>;
  /** The shell lines that build and pack the packages, run in this repository with `APP` set. */
  pack: string;
  /** The root `resolutions` that point the packages at their tarballs. */
  tarballs: Record<string, string>;
  /** The install commands once published, one per line. */
  installRegistry: string[];
  /** The install commands from tarballs, one per line, run in the app's root. */
  installTarballs: string[];
  /** The code that goes into packages/backend/src/index.ts. */
  backend: string;
  /** The app-config of the new frontend system. */
  frontend: unknown;
  /** The `prometheusFleet` app-config. */
  config: unknown;
  /** The app-config that registers the clusters and the template. */
  catalog: unknown;
}

const NAMES = [
  'pins',
  'pack',
  'tarballs',
  'install-registry',
  'install-tarballs',
  'backend',
  'frontend',
  'config',
  'catalog',
] as const;
type SnippetName = (typeof NAMES)[number];

/** The section, from its heading to the next one. */
function section(readme: string): string {
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** `"resolutions": { … }` as the README shows it, a fragment of package.json. */
function resolutions(snippet: string, name: string): Record<string, string> {
  const parsed = JSON.parse(`{${snippet}}`);
  if (typeof parsed.resolutions !== 'object') {
    throw new Error(`The README's ${name} snippet is not "resolutions": {…}`);
  }
  return parsed.resolutions;
}

const lines = (snippet: string) =>
  snippet
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean);

function match(text: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(text);
  if (!found) throw new Error(`The README's adoption section names no ${what}`);
  return found[1];
}

/** The one value of a pattern's group in the text, however often it appears. */
function onlyOne(text: string, pattern: RegExp, what: string): string {
  const found = new Set([...text.matchAll(pattern)].map(m => m[1]));
  if (found.size !== 1) {
    throw new Error(
      `The README's adoption section names ${found.size} ${what}s: ${[
        ...found,
      ].join(', ')}`,
    );
  }
  return [...found][0];
}

export function readAdoptionSnippets(
  readme = fs.readFileSync(README, 'utf8'),
): AdoptionSnippets {
  const text = section(readme);
  const blocks = new Map<string, string>();
  for (const found of text.matchAll(
    /<!-- adoption:([a-z-]+) -->\s*\n```[a-z]*\n([\s\S]*?)\n```/g,
  )) {
    if (blocks.has(found[1])) {
      throw new Error(`The README has two adoption:${found[1]} snippets`);
    }
    blocks.set(found[1], found[2]);
  }
  const missing = NAMES.filter(name => !blocks.has(name));
  if (missing.length > 0) {
    throw new Error(
      `The README's adoption section lacks the snippets ${missing.join(', ')}`,
    );
  }
  const block = (name: SnippetName) => blocks.get(name)!;
  return {
    releaseLine: match(text, /Backstage \*\*(\d+\.\d+)\*\*/, 'release line'),
    createAppVersion: match(
      text,
      /@backstage\/create-app@(\d+\.\d+\.\d+)/,
      'create-app version',
    ),
    template: onlyOne(
      text,
      /`(examples\/templates\/[\w-]+\/template\.yaml)`/g,
      'onboarding template',
    ),
    pins: resolutions(block('pins'), 'pins'),
    pack: block('pack'),
    tarballs: resolutions(block('tarballs'), 'tarballs'),
    installRegistry: lines(block('install-registry')),
    installTarballs: lines(block('install-tarballs')),
    backend: block('backend'),
    frontend: parse(block('frontend')),
    config: parse(block('config')),
    catalog: parse(block('catalog')),
  };
}
