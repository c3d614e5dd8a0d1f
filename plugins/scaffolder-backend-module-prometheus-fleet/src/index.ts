/**
 * Scaffolder actions that onboard a new edge cluster into a Prometheus fleet.
 *
 * @packageDocumentation
 */
export { scaffolderModulePrometheusFleet as default } from './module';
export {
  createEdgeAction,
  CREATE_EDGE_ACTION_ID,
} from './actions/createEdgeAction';
