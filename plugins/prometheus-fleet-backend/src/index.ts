/**
 * Backend for Prometheus Fleet: resolves the fleet from the catalog, polls
 * the remote-write queue health of its edges, and serves clusters, health,
 * problems and kube-prometheus-stack values. Its Prometheus query client is
 * a service of backstage-plugin-prometheus-fleet-node.
 *
 * @packageDocumentation
 */
export { prometheusFleetPlugin as default } from './plugin';
