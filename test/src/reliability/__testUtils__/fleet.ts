import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GLOBAL,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
} from 'backstage-plugin-prometheus-fleet-common';

export function clusterEntity(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: CLUSTER_RESOURCE_TYPE, owner: 'group:default/platform' },
  };
}

/** A global polled through `queryEndpoint` and its edges, all valid. */
export function smallFleet(options: {
  global: string;
  queryEndpoint: string;
  remoteWriteUrl: string;
  edges: string[];
}): Entity[] {
  return [
    clusterEntity(options.global, {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: options.remoteWriteUrl,
      [ANNOTATION_QUERY_ENDPOINT]: options.queryEndpoint,
    }),
    ...options.edges.map(name =>
      clusterEntity(name, {
        [ANNOTATION_ROLE]: 'edge',
        [ANNOTATION_GLOBAL]: `resource:default/${options.global}`,
      }),
    ),
  ];
}
