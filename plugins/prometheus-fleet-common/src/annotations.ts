import type { Entity } from '@backstage/catalog-model';

/**
 * Catalog annotations read by the Prometheus Fleet plugins.
 *
 * @public
 */
export const ANNOTATION_ROLE = 'prometheus-fleet.io/role';
/** @public */
export const ANNOTATION_GLOBAL = 'prometheus-fleet.io/global';
/** @public */
export const ANNOTATION_CLUSTER_LABEL = 'prometheus-fleet.io/cluster-label';
/** @public */
export const ANNOTATION_REMOTE_WRITE_URL =
  'prometheus-fleet.io/remote-write-url';
/** @public */
export const ANNOTATION_QUERY_ENDPOINT = 'prometheus-fleet.io/query-endpoint';
/** @public */
export const ANNOTATION_TENANT = 'prometheus-fleet.io/tenant';
/** @public */
export const ANNOTATION_REMOTE_WRITE_AUTH =
  'prometheus-fleet.io/remote-write-auth';
/**
 * Name of the Kubernetes Secret on each edge that holds the write credentials
 * (basic: `username`/`password`, bearer: `token`, mtls: `tls.crt`/`tls.key`/`ca.crt`).
 *
 * @public
 */
export const ANNOTATION_REMOTE_WRITE_SECRET =
  'prometheus-fleet.io/remote-write-secret';
/**
 * `v1` (default) or `v2`: the Remote-Write protocol a global's edges send
 * with. `v2` needs Prometheus 3.0 or later on the global and its edges.
 *
 * @public
 */
export const ANNOTATION_REMOTE_WRITE_PROTOCOL =
  'prometheus-fleet.io/remote-write-protocol';
/**
 * What runs a global that has no query endpoint in app-config (`prometheus`,
 * the default, `mimir`, `cortex`, `thanos` or `victoriametrics`): it decides
 * the tenant header its edges write with and whether the global gets
 * kube-prometheus-stack values. A global's endpoint's `engine` in app-config
 * wins; the annotation must then agree with it.
 *
 * @public
 */
export const ANNOTATION_ENGINE = 'prometheus-fleet.io/engine';
/** Overrides `queueConfig.maxShards` for one edge. @public */
export const ANNOTATION_MAX_SHARDS = 'prometheus-fleet.io/max-shards';
/**
 * Series per scrape (after relabelling, all of an edge's targets) above which
 * the edge reads `warning`.
 *
 * @public
 */
export const ANNOTATION_SERIES_BUDGET = 'prometheus-fleet.io/series-budget';

/** The catalog `spec.type` of the Resources that can join the fleet. @public */
export const CLUSTER_RESOURCE_TYPE = 'kubernetes-cluster';

/** True for a cluster Resource (`spec.type: kubernetes-cluster`), in the fleet or not. @public */
export function isClusterResource(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === CLUSTER_RESOURCE_TYPE
  );
}

/** Default Secret name when a global requires write auth. @public */
export const DEFAULT_REMOTE_WRITE_SECRET = 'prometheus-fleet-remote-write';
