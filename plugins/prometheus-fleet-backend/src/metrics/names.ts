import { HealthStatus } from 'backstage-plugin-prometheus-fleet-common';

/**
 * The fleet-health metrics, named as they read in Prometheus: the metrics
 * service adds no prefix, the Prometheus exporter keeps these names as they
 * are (it only turns characters Prometheus does not allow into `_`), and the
 * `_seconds` suffix is already there for exporters that append the unit.
 */
export const EDGE_STATUS_METRIC = 'prometheus_fleet_edge_status';
export const EDGE_LAG_METRIC = 'prometheus_fleet_edge_lag_seconds';
export const EDGE_LAST_SEEN_AGE_METRIC =
  'prometheus_fleet_edge_last_seen_age_seconds';

/** Every series of an edge: its `cluster` label and its global's name. */
export type EdgeLabels = {
  /** The edge's `cluster` label, as its own series carry it. */
  cluster: string;
  /** The global it writes to: its entity name, `namespace/name` outside `default`; empty without one. */
  global: string;
};

/** The status series add the status. */
export type EdgeStatusLabels = EdgeLabels & { status: HealthStatus };
