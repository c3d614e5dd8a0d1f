import { makeValidator, parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ClusterKey } from 'backstage-plugin-prometheus-fleet-common';

const validator = makeValidator();

/** How the actions describe a cluster input. */
export const CLUSTER_INPUT_DESCRIPTION =
  'A fleet cluster (a Resource entity of type kubernetes-cluster): its name, e.g. "edge-eu-1" (namespace default), or its entity ref, e.g. "resource:default/edge-eu-1" or "default/edge-eu-1".';

/**
 * Reads a cluster given by name or entity ref; the kind defaults to
 * `resource` and the namespace to `default`.
 *
 * @param field - the input field, to name in errors
 * @throws InputError when it is not a Resource ref or not a valid one
 */
export function parseClusterInput(value: string, field: string): ClusterKey {
  let ref: { kind: string; namespace: string; name: string };
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'resource',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `${field}: "${value}" is neither a cluster name nor an entity ref such as resource:default/edge-eu-1 (${
        (error as Error).message
      })`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'resource') {
    throw new InputError(
      `${field}: "${value}" is a ${ref.kind} ref, but fleet clusters are Resource entities: give the cluster's name or a ref such as resource:default/edge-eu-1.`,
    );
  }
  if (!validator.isValidNamespace(ref.namespace)) {
    throw new InputError(
      `${field}: "${ref.namespace}" is not a valid entity namespace.`,
    );
  }
  if (!validator.isValidEntityName(ref.name)) {
    throw new InputError(
      `${field}: "${ref.name}" is not a valid entity name (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit).`,
    );
  }
  return { namespace: ref.namespace, name: ref.name };
}
