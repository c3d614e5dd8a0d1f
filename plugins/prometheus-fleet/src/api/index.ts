export { prometheusFleetApiRef } from './PrometheusFleetApi';
export type {
  ClusterHealth,
  ClusterKey,
  HealthWindow,
  LagThresholds,
  PrometheusFleetApi,
} from './PrometheusFleetApi';
export { PrometheusFleetClient } from './PrometheusFleetClient';
