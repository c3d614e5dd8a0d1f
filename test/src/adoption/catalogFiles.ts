import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { writeDemoCatalog } from '../harness/demoConfig';
import { REPO_ROOT } from '../harness/paths';

interface Location {
  type: string;
  target: string;
  rules?: Array<{ allow: string[] }>;
}

export interface FleetCluster {
  name: string;
  title: string;
  role: 'global' | 'edge';
  owner: string;
}

export interface CatalogFiles {
  /** The clusters the app's catalog was given, from examples/fleet/clusters.yaml. */
  clusters: FleetCluster[];
  templateFile: string;
}

const allowsTemplates = (location: Location) =>
  location.rules?.some(rule => rule.allow.includes('Template')) ?? false;

async function clustersIn(file: string): Promise<FleetCluster[]> {
  return parseAllDocuments(await fs.readFile(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(entity => entity?.kind === 'Resource')
    .map(entity => ({
      name: entity.metadata.name,
      title: entity.metadata.title ?? entity.metadata.name,
      role: entity.metadata.annotations?.['prometheus-fleet.io/role'],
      owner: entity.spec.owner,
    }))
    .filter(cluster => cluster.role === 'global' || cluster.role === 'edge');
}

/**
 * Puts the catalog files where the README's `catalog.locations` say, as an
 * adopter starting from this repository's examples would: the location that
 * allows templates gets a copy of the onboarding template the README names,
 * the other one the
 * example fleet, with global-eu's remote-write URL pointing at the global
 * this run started (an adopter names their own global there).
 */
export async function writeCatalogFiles(options: {
  appDir: string;
  catalogSnippet: unknown;
  /** The template the README tells to copy, relative to the repository. */
  template: string;
  globalUrl: string;
}): Promise<CatalogFiles> {
  const locations = (
    options.catalogSnippet as { catalog?: { locations?: Location[] } }
  ).catalog?.locations;
  const templates = locations?.filter(allowsTemplates) ?? [];
  const fleets =
    locations?.filter(location => !allowsTemplates(location)) ?? [];
  if (templates.length !== 1 || fleets.length !== 1) {
    throw new Error(
      "The README's catalog snippet should have one location for the clusters and one that allows the template",
    );
  }
  // File targets are relative to packages/backend, where the backend runs.
  const resolve = (location: Location) => {
    if (location.type !== 'file') {
      throw new Error(
        `The README's catalog snippet has a ${location.type} location`,
      );
    }
    return path.resolve(options.appDir, 'packages/backend', location.target);
  };
  const clustersFile = resolve(fleets[0]);
  const templateFile = resolve(templates[0]);
  await fs.mkdir(path.dirname(clustersFile), { recursive: true });
  await fs.mkdir(path.dirname(templateFile), { recursive: true });
  await writeDemoCatalog(clustersFile, options.globalUrl);
  await fs.copyFile(path.join(REPO_ROOT, options.template), templateFile);
  return { clusters: await clustersIn(clustersFile), templateFile };
}
