export { FleetOverview } from './FleetOverview';
export { PrometheusFleetPage } from './PrometheusFleetPage';
