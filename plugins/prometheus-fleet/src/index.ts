/**
 * Monitoring tab, fleet page, global card and onboarding form fields for a
 * Prometheus fleet run from the Backstage catalog.
 *
 * The default export is the plugin for the new frontend system; the named
 * exports serve apps on the legacy one.
 *
 * @packageDocumentation
 */
export { default } from './frontendPlugin';
export {
  prometheusFleetPlugin,
  EntityPrometheusFleetContent,
  EntityPrometheusFleetGlobalCard,
  PrometheusFleetPage,
  PrometheusFleetClusterNameFieldExtension,
  PrometheusFleetClusterLabelFieldExtension,
  PrometheusFleetGlobalPickerFieldExtension,
  PrometheusFleetOwnerPickerFieldExtension,
} from './plugin';
export {
  isPrometheusFleetAvailable,
  isPrometheusFleetGlobal,
} from './conditions';
export * from './api';
