import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_ENGINE,
  ANNOTATION_GLOBAL,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_AUTH,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_REMOTE_WRITE_SECRET,
  ANNOTATION_REMOTE_WRITE_URL,
  ANNOTATION_ROLE,
  ANNOTATION_SERIES_BUDGET,
  ANNOTATION_TENANT,
  CLUSTER_RESOURCE_TYPE,
  FleetProblemCode,
} from 'backstage-plugin-prometheus-fleet-common';

/** What the owner of the entity changes to clear each problem. */
export const PROBLEM_FIXES: Record<FleetProblemCode, string> = {
  'not-a-cluster': `Move the prometheus-fleet.io annotations to the Resource of type ${CLUSTER_RESOURCE_TYPE} that describes the cluster.`,
  'unknown-role': `Set ${ANNOTATION_ROLE} to "global" or "edge".`,
  'invalid-entity-ref': `Write the global as an entity ref in ${ANNOTATION_GLOBAL}, e.g. resource:default/global-eu.`,
  'edge-without-global': `Register a global, or set ${ANNOTATION_GLOBAL} to the global this edge writes to.`,
  'ambiguous-global': `Name the global this edge writes to in ${ANNOTATION_GLOBAL}.`,
  'global-not-found': `Register that global in the catalog, or correct ${ANNOTATION_GLOBAL}.`,
  'global-ref-not-global': `Point ${ANNOTATION_GLOBAL} at a cluster whose ${ANNOTATION_ROLE} is "global".`,
  'global-not-ready':
    'Fix the problems shown on the global; this edge follows once they are gone.',
  'missing-remote-write-url': `Set ${ANNOTATION_REMOTE_WRITE_URL} on the global to the URL its edges write to, e.g. https://prom.global.example.com/api/v1/write.`,
  'invalid-remote-write-url': `Use an absolute http(s) URL without credentials in ${ANNOTATION_REMOTE_WRITE_URL}, and write "$(" as "%24(": the operator's config reloader would replace $(NAME) with an environment variable.`,
  'invalid-remote-write-auth': `Set ${ANNOTATION_REMOTE_WRITE_AUTH} to none, basic, bearer or mtls.`,
  'invalid-remote-write-secret': `Name a Kubernetes Secret in ${ANNOTATION_REMOTE_WRITE_SECRET}: lower-case letters, digits, "-" and ".".`,
  'invalid-remote-write-protocol': `Set ${ANNOTATION_REMOTE_WRITE_PROTOCOL} on the global to v1, or to v2 once the global and all its edges run Prometheus 3.0 or later.`,
  'duplicate-cluster-label': `Give each cluster its own ${ANNOTATION_CLUSTER_LABEL}.`,
  'invalid-cluster-label': `Use at most 63 letters, digits, "-", "_" or "." in ${ANNOTATION_CLUSTER_LABEL}, starting and ending with a letter or digit.`,
  'invalid-tenant': `Use at most 150 letters, digits or !._*'()- in ${ANNOTATION_TENANT}.`,
  'invalid-max-shards': `Set ${ANNOTATION_MAX_SHARDS} to a whole number of shards, e.g. "50".`,
  'max-shards-below-min-shards': `Raise ${ANNOTATION_MAX_SHARDS} to at least the minShards under prometheusFleet.remoteWrite.queueConfig in app-config, or lower that minShards.`,
  'invalid-series-budget': `Set ${ANNOTATION_SERIES_BUDGET} to a whole number of series per scrape, e.g. "50000", or remove it.`,
  'missing-query-endpoint': `Set ${ANNOTATION_QUERY_ENDPOINT} on the global to the name of an endpoint under prometheusFleet.queryEndpoints in app-config.`,
  'unknown-query-endpoint': `Add the endpoint under prometheusFleet.queryEndpoints in app-config, or correct ${ANNOTATION_QUERY_ENDPOINT}.`,
  'invalid-engine': `Set ${ANNOTATION_ENGINE} on the global to prometheus, mimir, cortex, thanos or victoriametrics, or remove it.`,
  'engine-mismatch': `Remove ${ANNOTATION_ENGINE} from the global, or make it name the engine its query endpoint sets in prometheusFleet.queryEndpoints.`,
  'misplaced-annotation':
    'Remove the annotation: it belongs to the other role and is ignored here.',
  'remote-write-drift':
    "Install this edge's current values again: download them from its Monitoring tab and run the helm command shown there.",
  'misrouted-edge':
    "Deploy this edge's generated values: download them from its Monitoring tab and run the helm command shown there, so that it writes to the global the catalog gives it. If it belongs where it writes, change its global in the catalog instead.",
  'orphan-cluster':
    'Register the cluster sending this label in the catalog, or stop its remote write to this global.',
  'tenant-mismatch': `Deploy this edge's generated values: download them from its Monitoring tab and run the helm command shown there, so that it writes as the tenant the catalog gives it. If it belongs to the tenant it writes as, set ${ANNOTATION_TENANT} instead.`,
};
