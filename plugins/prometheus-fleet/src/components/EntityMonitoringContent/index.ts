export { EntityPrometheusFleetContent } from './EntityPrometheusFleetContent';
