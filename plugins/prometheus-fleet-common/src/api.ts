import {
  ClusterProblem,
  ClusterRole,
  FleetProblem,
  ObservedProblem,
} from './types';

/** @public */
export type HealthStatus = 'healthy' | 'warning' | 'critical' | 'silent' | 'unknown';

/** Remote-write queue health of one edge, as polled from its global. @public */
export interface QueueHealth {
  status: HealthStatus;
  reasons: string[];
  lagSeconds: number | null;
  shards: { current: number | null; desired: number | null; max: number | null };
  pendingSamples: number | null;
  failedRate: number | null;
  retriedRate: number | null;
  droppedRate: number | null;
  /** ISO 8601: when the global last received a sample from this cluster. */
  lastSeen: string | null;
  /** ISO 8601: when this health was computed. */
  observedAt: string;
}

/** A fleet cluster as the REST API returns it. @public */
export interface ClusterView {
  ref: string;
  namespace: string;
  name: string;
  title?: string;
  role: ClusterRole;
  global?: string;
  clusterLabel: string;
  owner?: string;
  problems: ClusterProblem[];
  health?: QueueHealth;
}

/** @public */
export interface ClusterListResponse {
  items: ClusterView[];
}

/** @public */
export interface ProblemListResponse {
  items: FleetProblem[];
}

/**
 * What `GET /problems` returns: the catalog mapping problems
 * (`ProblemListResponse`) followed by the problems the last poll observed at
 * the globals.
 *
 * @public
 */
export interface FleetProblemListResponse {
  items: Array<FleetProblem | ObservedProblem>;
}

/** @public */
export interface ClusterHealthResponse {
  latest?: QueueHealth;
  history: QueueHealth[];
}
