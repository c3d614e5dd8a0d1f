import { createApiRef } from '@backstage/core-plugin-api';
import {
  ClusterHealthResponse,
  ClusterView,
  FleetProblem,
  GeneratedValues,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';

/**
 * Identifies one fleet cluster by its catalog namespace and name (the kind is
 * always Resource).
 *
 * @public
 */
export interface ClusterKey {
  namespace: string;
  name: string;
}

/** @public */
export interface HealthWindow {
  from: Date;
  to: Date;
}

/**
 * Lag thresholds the backend classified the history with.
 *
 * @public
 */
export interface LagThresholds {
  lagWarningSeconds: number;
  lagCriticalSeconds: number;
}

/**
 * The health response, with the thresholds the backend may send beside it.
 *
 * @public
 */
export interface ClusterHealth extends ClusterHealthResponse {
  thresholds?: LagThresholds;
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
  getHealth(cluster: ClusterKey, window: HealthWindow): Promise<ClusterHealth>;
  /** Every problem of the fleet mapping, then those the last poll observed at the globals. */
  listProblems(): Promise<Array<FleetProblem | ObservedProblem>>;
}

/** @public */
export const prometheusFleetApiRef = createApiRef<PrometheusFleetApi>({
  id: 'plugin.prometheus-fleet.api',
});
