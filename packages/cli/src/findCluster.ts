import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_ROLE,
  Fleet,
  FleetCluster,
  RejectedEntity,
} from 'backstage-plugin-prometheus-fleet-common';
import { InputError } from './io';

/** A cluster of the fleet, or an entity that asked to join it and could not. */
export type FleetMember = FleetCluster | RejectedEntity;

const MAX_LISTED = 10;

function lower(value: string) {
  return value.toLocaleLowerCase('en-US');
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** Refs of members whose name is a likely typo of the query, closest first. */
function closeMatches(
  query: string,
  members: readonly FleetMember[],
): string[] {
  const wanted = lower(query.split(/[:/]/).pop()!);
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return members
    .map(member => {
      const name = lower(member.name);
      const contains = name.includes(wanted) || wanted.includes(name);
      return {
        ref: member.ref,
        distance: contains ? 0 : levenshtein(wanted, name),
      };
    })
    .filter(match => match.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.ref.localeCompare(b.ref))
    .slice(0, 5)
    .map(match => match.ref);
}

function listRefs(members: readonly FleetMember[]): string {
  const refs = members.map(member => member.ref);
  const shown = refs.slice(0, MAX_LISTED).join(', ');
  return refs.length > MAX_LISTED
    ? `${shown} and ${refs.length - MAX_LISTED} more`
    : shown;
}

function toRef(query: string): string {
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(query, {
          defaultKind: 'resource',
          defaultNamespace: 'default',
        }),
      ),
    );
  } catch {
    throw new InputError(
      `"${query}" is not a cluster name or entity ref (e.g. edge-eu-1, default/edge-eu-1 or resource:default/edge-eu-1).`,
    );
  }
}

/** Matches entity refs against a bare name, `namespace/name` or a full ref. */
function refMatcher(query: string): (ref: string) => boolean {
  if (query.includes('/') || query.includes(':')) {
    const wanted = toRef(query);
    return ref => lower(ref) === wanted;
  }
  const wanted = `/${lower(query)}`;
  return ref => lower(ref).endsWith(wanted);
}

function notFound(
  query: string,
  members: readonly FleetMember[],
  outsideFleet: readonly string[],
): InputError {
  if (outsideFleet.length) {
    return new InputError(
      `${outsideFleet.join(', ')} ${
        outsideFleet.length > 1 ? 'are' : 'is'
      } in the catalog but not in the fleet: no ${ANNOTATION_ROLE} annotation.`,
    );
  }
  if (members.length === 0) {
    return new InputError(
      `No cluster "${query}": the catalog has no fleet clusters (kubernetes-cluster Resources with a ${ANNOTATION_ROLE} annotation).`,
    );
  }
  const matches = closeMatches(query, members);
  return new InputError(
    matches.length
      ? `No cluster "${query}" in the fleet. Did you mean ${matches.join(
          ', ',
        )}?`
      : `No cluster "${query}" in the fleet. Clusters: ${listRefs(members)}.`,
  );
}

/**
 * Finds a fleet member by bare name, `namespace/name` or entity ref, the way
 * people name clusters in a pipeline. Names and refs match case-insensitively,
 * as entity refs do in the catalog.
 *
 * @throws InputError when nothing matches (with close matches) or a bare name
 * exists in several namespaces (with their refs).
 */
export function findCluster(
  fleet: Fleet,
  query: string,
  catalogRefs: readonly string[] = [],
): FleetMember {
  const members: FleetMember[] = [...fleet.clusters, ...fleet.rejected];
  const matches = refMatcher(query);
  const found = members.filter(member => matches(member.ref));
  if (found.length > 1) {
    throw new InputError(
      `Cluster name "${query}" is ambiguous: ${listRefs(
        found,
      )}. Pass namespace/name or the full ref.`,
    );
  }
  if (found.length === 0) {
    const outsideFleet = catalogRefs.filter(
      ref => matches(ref) && lower(ref).startsWith('resource:'),
    );
    throw notFound(query, members, outsideFleet);
  }
  return found[0];
}
