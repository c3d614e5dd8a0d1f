export { prometheusFleetApiRef } from './PrometheusFleetApi';
export type { HealthWindow, PrometheusFleetApi } from './PrometheusFleetApi';
export { PrometheusFleetClient } from './PrometheusFleetClient';
