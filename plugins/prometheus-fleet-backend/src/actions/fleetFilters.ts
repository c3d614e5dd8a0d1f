import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ClusterView } from 'backstage-plugin-prometheus-fleet-common';
import { parseClusterInput } from './clusterInput';

const same = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Which owners an `owner` input means: with a kind (`group:default/platform`)
 * that one entity; without (`platform`, `default/platform`) any owner of that
 * namespace and name, group or user. Refs compare case-insensitively, as in
 * the catalog.
 *
 * @throws InputError when it is not an entity ref
 */
export function ownerMatcher(input: string): (owner?: string) => boolean {
  const value = input.trim();
  const hasKind = value.includes(':');
  let wanted: { kind: string; namespace: string; name: string };
  try {
    wanted = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `owner: "${input}" is neither an owner name nor an entity ref such as group:default/platform-team (${
        (error as Error).message
      })`,
    );
  }
  return owner => {
    if (!owner) return false;
    let actual;
    try {
      actual = parseEntityRef(owner);
    } catch {
      return false;
    }
    return (
      (!hasKind || same(actual.kind, wanted.kind)) &&
      same(actual.namespace, wanted.namespace) &&
      same(actual.name, wanted.name)
    );
  };
}

/**
 * The ref of the global a `global` input names, among the clusters the
 * caller sees: a global they may read, or one an edge they may read writes to.
 *
 * @throws InputError when it is not a Resource ref
 * @throws NotFoundError when no such global is in the caller's fleet
 */
export function resolveGlobal(input: string, clusters: ClusterView[]): string {
  const ref = stringifyEntityRef({
    kind: 'resource',
    ...parseClusterInput(input, 'global'),
  });
  const cluster = clusters.find(c => same(c.ref, ref));
  if (cluster && cluster.role !== 'global') {
    throw new InputError(
      `global: ${cluster.ref} is an edge, not a global; its global is ${
        cluster.global ?? 'not resolved'
      }.`,
    );
  }
  if (cluster) return cluster.ref;
  const named = clusters.find(c => c.global && same(c.global, ref));
  if (named?.global) return named.global;
  throw new NotFoundError(`No global ${ref} in the fleet.`);
}
