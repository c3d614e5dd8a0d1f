/**
 * Backend for Prometheus Fleet: resolves the fleet from the catalog, polls
 * the remote-write queue health of its edges, and serves clusters, health,
 * problems and kube-prometheus-stack values.
 *
 * @packageDocumentation
 */
export { prometheusFleetPlugin as default } from './plugin';
export type { QueryEndpointConfig } from './config';
export { FetchPrometheusQueryClient } from './prometheus/FetchPrometheusQueryClient';
export { prometheusQueryClientServiceRef } from './prometheus/queryClientServiceRef';
export {
  PrometheusQueryError,
  type InstantQueryRequest,
  type InstantSample,
  type InstantVectorResponse,
  type PrometheusQueryClient,
  type PrometheusQueryErrorKind,
} from './prometheus/types';
