import { Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';
import {
  ClusterKey,
  MONITORING_TAB_PATH,
} from 'backstage-plugin-prometheus-fleet-common';

export function clusterKeyOf(entity: Entity): ClusterKey {
  return {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}

/** Links a cluster ref to its monitoring tab on the catalog entity page. */
export function useMonitoringLink(): (ref: string) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return useCallback(
    (ref: string) =>
      `${entityRoute(
        entityRouteParams(ref, { encodeParams: true }),
      )}/${MONITORING_TAB_PATH}`,
    [entityRoute],
  );
}
