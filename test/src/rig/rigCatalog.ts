import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GLOBAL,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
} from 'backstage-plugin-prometheus-fleet-common';

export interface RigCatalogOptions {
  globalName: string;
  /** Where the global receives remote write. */
  remoteWriteUrl: string;
  /** Name of the query endpoint (app-config) that reaches the global. */
  queryEndpoint: string;
  edgeNames: string[];
  /** Further annotations of the global, e.g. its remote-write protocol. */
  globalAnnotations?: Record<string, string>;
  /** Further annotations of some edges, by name, e.g. a max-shards override. */
  edgeAnnotations?: Record<string, Record<string, string>>;
}

/** A kubernetes-cluster Resource owned by the platform group. */
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

/** Catalog entities of a fleet with one global and the given edges. */
export function rigCatalog(options: RigCatalogOptions): Entity[] {
  return [
    clusterEntity(options.globalName, {
      [ANNOTATION_ROLE]: 'global',
      [ANNOTATION_REMOTE_WRITE_URL]: options.remoteWriteUrl,
      [ANNOTATION_QUERY_ENDPOINT]: options.queryEndpoint,
      ...options.globalAnnotations,
    }),
    ...options.edgeNames.map(name =>
      clusterEntity(name, {
        [ANNOTATION_ROLE]: 'edge',
        [ANNOTATION_GLOBAL]: `resource:default/${options.globalName}`,
        ...options.edgeAnnotations?.[name],
      }),
    ),
  ];
}
