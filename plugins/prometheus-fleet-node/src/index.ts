/**
 * Node library for Prometheus Fleet: the client the backend queries each
 * global's Prometheus API with, as a service other plugins and modules can
 * replace or reuse.
 *
 * @packageDocumentation
 */
export { FetchPrometheusQueryClient } from './FetchPrometheusQueryClient';
export { prometheusQueryClientServiceRef } from './queryClientServiceRef';
export {
  PrometheusQueryError,
  type InstantQueryRequest,
  type InstantSample,
  type InstantVectorResponse,
  type PrometheusQueryClient,
  type PrometheusQueryErrorKind,
  type QueryEndpointConfig,
} from './types';
