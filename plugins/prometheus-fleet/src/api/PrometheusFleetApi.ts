import { createApiRef } from '@backstage/core-plugin-api';
import {
  ClusterHealthResponse,
  ClusterKey,
  ClusterView,
  EdgeNamesAvailability,
  EdgeNamesRequest,
  FleetProblem,
  GeneratedValues,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';

/** @public */
export interface HealthWindow {
  from: Date;
  to: Date;
}

/**
 * Client of the Prometheus Fleet backend (`/api/prometheus-fleet`).
 *
 * @public
 */
export interface PrometheusFleetApi {
  /** Every fleet cluster the caller can see. */
  listClusters(): Promise<ClusterView[]>;
  /** One cluster; rejects with a 404 `ResponseError` when it is not in the fleet. */
  getCluster(cluster: ClusterKey): Promise<ClusterView>;
  /** Onboarding values; rejects with a 409 `ResponseError` while problems block them. */
  getValues(cluster: ClusterKey): Promise<GeneratedValues>;
  /** Latest queue health and its history within the window. */
  getHealth(
    cluster: ClusterKey,
    window: HealthWindow,
  ): Promise<ClusterHealthResponse>;
  /** Every problem of the fleet mapping, then those the last poll observed at the globals. */
  listProblems(): Promise<Array<FleetProblem | ObservedProblem>>;
  /**
   * Whether a new edge's name and cluster label are valid and free, as the
   * caller sees the catalog; what the onboarding form asks before Create.
   */
  checkAvailability(request: EdgeNamesRequest): Promise<EdgeNamesAvailability>;
}

/** @public */
export const prometheusFleetApiRef = createApiRef<PrometheusFleetApi>({
  id: 'plugin.prometheus-fleet.api',
});
