import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  EntityFilterQuery,
} from '@backstage/catalog-client';
import { Entity, makeValidator } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
} from 'backstage-plugin-prometheus-fleet-common';

/**
 * Every cluster Resource, so that refs to clusters outside the fleet resolve
 * to a precise problem, and every entity claiming a role, so that a role on
 * the wrong kind surfaces as a `not-a-cluster` problem.
 */
const FLEET_FILTER: EntityFilterQuery = [
  { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE },
  { [`metadata.annotations.${ANNOTATION_ROLE}`]: CATALOG_FILTER_EXISTS },
];

/** Exactly what `resolveFleet` reads; keep in sync with it. */
const FLEET_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'spec.dependsOn',
];

/** What tells a caller's readable entities apart, and nothing else. */
const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

const validator = makeValidator();

/**
 * Kind, namespace and name as the catalog itself requires them. A catalog
 * holds no other entity, but a CatalogService that serves unvalidated ones
 * must not get them into the fleet: the API could not address them (its
 * routes validate the same), and on PostgreSQL one over-long ref failed the
 * whole poll cycle's insert, every edge's history with it.
 */
function hasCatalogRef(entity: Entity): boolean {
  const { kind, metadata } = entity;
  return (
    validator.isValidKind(kind) &&
    validator.isValidNamespace(metadata?.namespace ?? 'default') &&
    validator.isValidEntityName(metadata?.name)
  );
}

async function readEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  fields: string[],
): Promise<Entity[]> {
  const entities: Entity[] = [];
  const pages = catalog.streamEntities(
    {
      filter: FLEET_FILTER,
      fields,
      orderFields: { field: 'metadata.name', order: 'asc' },
    },
    { credentials },
  );
  for await (const page of pages) {
    entities.push(...page.filter(hasCatalogRef));
  }
  return entities;
}

/** The entities the fleet is resolved from, as these credentials may read them. */
export function readFleetEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  return readEntities(catalog, credentials, FLEET_FIELDS);
}

/** The same entities, their kind, namespace and name only: what a caller may see of the fleet. */
export function readFleetEntityRefs(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  return readEntities(catalog, credentials, REF_FIELDS);
}
