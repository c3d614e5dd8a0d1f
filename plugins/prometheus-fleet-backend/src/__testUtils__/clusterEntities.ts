import { Entity } from '@backstage/catalog-model';

/** Where the test globals receive remote write. */
export const WRITE_URL = 'https://prom.global-eu.example.com/api/v1/write';

/** A cluster Resource owned by the platform group. */
export function clusterEntity(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
}

/** A global receiving at WRITE_URL, queried through `endpoint` when given. */
export const globalEntity = (name: string, endpoint?: string) =>
  clusterEntity(name, {
    'prometheus-fleet.io/role': 'global',
    'prometheus-fleet.io/remote-write-url': WRITE_URL,
    ...(endpoint ? { 'prometheus-fleet.io/query-endpoint': endpoint } : {}),
  });

/** An edge writing to the global of that name, or naming none. */
export const edgeEntity = (name: string, globalName?: string) =>
  clusterEntity(name, {
    'prometheus-fleet.io/role': 'edge',
    ...(globalName
      ? { 'prometheus-fleet.io/global': `resource:default/${globalName}` }
      : {}),
  });
