import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ClusterKey,
  ClusterView,
  FleetProblem,
  GeneratedValues,
  ObservedProblem,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { HealthHistory, HistoryQuery } from '../store/types';

/** Who asks: they see the part of the fleet they may read in the catalog. */
export interface FleetRequestOptions {
  credentials: BackstageCredentials;
}

/**
 * The one fleet, resolved from the whole catalog, as one caller may see it:
 * clusters the caller may not read in the catalog stay invisible, and
 * everything else is the same for everyone.
 */
export interface FleetService {
  listClusters(options: FleetRequestOptions): Promise<ClusterView[]>;
  /** @throws NotFoundError when the cluster is not in the caller's fleet. */
  getCluster(
    ref: ClusterKey,
    options: FleetRequestOptions,
  ): Promise<ClusterView>;
  /**
   * @throws NotFoundError when the cluster is not in the caller's fleet.
   * @throws ConflictError when its problems leave nothing correct to generate.
   */
  getValues(
    ref: ClusterKey,
    options: FleetRequestOptions,
  ): Promise<GeneratedValues>;
  /**
   * Latest queue health and its history in the range; both empty for a
   * cluster never polled (a global, or an edge not polled yet).
   *
   * @throws NotFoundError when the cluster is not in the caller's fleet.
   */
  getHealth(
    ref: ClusterKey,
    query: HistoryQuery,
    options: FleetRequestOptions,
  ): Promise<{ latest?: QueueHealth; history: HealthHistory }>;
  /** Mapping problems, then those the last poll observed, of clusters the caller can see. */
  listProblems(
    options: FleetRequestOptions,
  ): Promise<Array<FleetProblem | ObservedProblem>>;
}
