import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
} from '../annotations';

/**
 * Catalog entities for the tests. Annotations are `unknown` because catalog
 * input is not to be trusted, and the tests feed it wrong types on purpose.
 */
export interface ClusterOptions {
  namespace?: string;
  annotations?: Record<string, unknown>;
  spec?: Record<string, unknown>;
  kind?: string;
}

export function clusterEntity(
  name: string,
  options: ClusterOptions = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Resource',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      annotations: options.annotations as Record<string, string> | undefined,
    },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner: 'platform', ...options.spec },
  };
}

export function globalEntity(
  name: string,
  annotations: Record<string, unknown> = {},
  options: Omit<ClusterOptions, 'annotations'> = {},
): Entity {
  return clusterEntity(name, {
    ...options,
    annotations: {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: `https://prometheus.${name}.example.com/api/v1/write`,
      [ANNOTATION_QUERY_ENDPOINT]: name,
      ...annotations,
    },
  });
}

export function edgeEntity(
  name: string,
  annotations: Record<string, unknown> = {},
  options: Omit<ClusterOptions, 'annotations'> = {},
): Entity {
  return clusterEntity(name, {
    ...options,
    annotations: { [ANNOTATION_ROLE]: 'edge', ...annotations },
  });
}
