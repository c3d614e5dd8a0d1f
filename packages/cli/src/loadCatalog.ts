import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { InputError } from './io';
import { readYamlFile } from './yamlFile';

/** Where an entity is defined, for messages users can jump to. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** An entity the catalog would refuse, so the fleet never sees it. */
export interface InvalidEntity {
  code: 'invalid-entity' | 'duplicate-entity';
  ref?: string;
  message: string;
  location: SourceLocation;
}

export interface Catalog {
  entities: Entity[];
  /** Where each entity of `entities` is defined, by entity ref. */
  locations: Map<string, SourceLocation>;
  invalid: InvalidEntity[];
}

/** The checks the catalog backend applies before it stores an entity. */
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

async function validateEntity(data: unknown): Promise<Entity> {
  const entity = await policy.enforce(data as Entity);
  if (!entity) {
    throw new Error('Rejected by the catalog entity policies');
  }
  for (const validator of kindValidators) {
    if (await validator.check(entity)) break;
  }
  return entity;
}

function isYamlFile(name: string) {
  return /\.ya?ml$/i.test(name);
}

async function listCatalogFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`Catalog path ${path} does not exist.`);
  }
  if (!info.isDirectory()) {
    return [path];
  }
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const files = entries
    .filter(entry => entry.isFile() && isYamlFile(entry.name))
    .map(entry => join(entry.parentPath, entry.name))
    .sort();
  if (files.length === 0) {
    throw new InputError(`No *.yaml or *.yml files in ${path}.`);
  }
  return files;
}

/** Documents without apiVersion and kind are not entities (e.g. Helm values next to the catalog). */
function looksLikeEntity(
  data: unknown,
): data is { apiVersion: string; kind: string } {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const { apiVersion, kind } = data as Record<string, unknown>;
  return typeof apiVersion === 'string' && typeof kind === 'string';
}

function refOf(data: unknown): string | undefined {
  try {
    return stringifyEntityRef(data as Entity);
  } catch {
    return undefined;
  }
}

/**
 * Loads catalog entities from a YAML file or, recursively, a directory of
 * them. Location entities are skipped (their targets are not followed), and
 * entities the catalog would reject are reported instead of loaded, so the
 * fleet resolves from what the catalog would actually hold.
 *
 * @throws InputError when a path is missing or a file is not valid YAML.
 */
export async function loadCatalog(path: string): Promise<Catalog> {
  const catalog: Catalog = { entities: [], locations: new Map(), invalid: [] };
  for (const file of await listCatalogFiles(path)) {
    const yaml = await readYamlFile(file);
    for (const document of yaml.documents) {
      const location = {
        file,
        line: yaml.lineOf(document.contents?.range?.[0] ?? 0),
      };
      let data: unknown;
      try {
        data = document.toJS();
      } catch (error) {
        throw new InputError(
          `Cannot read ${file}:${location.line}: ${(error as Error).message}`,
        );
      }
      if (
        !looksLikeEntity(data) ||
        data.kind.toLocaleLowerCase('en-US') === 'location'
      ) {
        continue;
      }
      let entity: Entity;
      try {
        entity = await validateEntity(data);
      } catch (error) {
        catalog.invalid.push({
          code: 'invalid-entity',
          ref: refOf(data),
          message: `The catalog would reject this entity: ${
            (error as Error).message
          }`,
          location,
        });
        continue;
      }
      const ref = stringifyEntityRef(entity);
      const first = catalog.locations.get(ref);
      if (first) {
        catalog.invalid.push({
          code: 'duplicate-entity',
          ref,
          message: `Also defined at ${first.file}:${first.line}; the catalog keeps only one of them, and this one is ignored.`,
          location,
        });
        continue;
      }
      catalog.entities.push(entity);
      catalog.locations.set(ref, location);
    }
  }
  return catalog;
}
