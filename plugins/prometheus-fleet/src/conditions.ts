import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
  isClusterResource,
} from 'backstage-plugin-prometheus-fleet-common';

/**
 * True for the cluster Resources that ask to be in the fleet. An invalid role
 * still counts: the monitoring tab is where its owner learns what is wrong.
 *
 * @public
 */
export function isPrometheusFleetAvailable(entity: Entity): boolean {
  return (
    isClusterResource(entity) &&
    entity.metadata.annotations?.[ANNOTATION_ROLE] !== undefined
  );
}

/** True for the clusters that receive remote write from edges. @public */
export function isPrometheusFleetGlobal(entity: Entity): boolean {
  return (
    isClusterResource(entity) &&
    entity.metadata.annotations?.[ANNOTATION_ROLE] === 'global'
  );
}

/*
 * The same conditions as entity predicates: the new frontend system lets
 * adopters override predicates from app-config, not functions.
 */
const roleAnnotationPath = `metadata.annotations.${ANNOTATION_ROLE}`;

export const prometheusFleetAvailablePredicate = {
  kind: 'resource',
  'spec.type': CLUSTER_RESOURCE_TYPE,
  [roleAnnotationPath]: { $exists: true },
};

export const prometheusFleetGlobalPredicate = {
  kind: 'resource',
  'spec.type': CLUSTER_RESOURCE_TYPE,
  [roleAnnotationPath]: 'global',
};
