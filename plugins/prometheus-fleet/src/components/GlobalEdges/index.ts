export { EntityPrometheusFleetGlobalCard } from './EntityPrometheusFleetGlobalCard';
export { GlobalEdgesCard } from './GlobalEdgesCard';
