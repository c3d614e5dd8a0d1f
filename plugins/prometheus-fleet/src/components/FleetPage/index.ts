export { FleetOverview } from './FleetOverview';
export { PrometheusFleetPage } from './PrometheusFleetPage';
export { FleetPageRoutes } from './FleetPageRoutes';
