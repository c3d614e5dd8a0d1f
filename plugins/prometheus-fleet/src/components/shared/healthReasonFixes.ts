import {
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_REMOTE_WRITE_PROTOCOL,
  ANNOTATION_REMOTE_WRITE_SECRET,
  ANNOTATION_SERIES_BUDGET,
  ANNOTATION_TENANT,
  HELM_REPO_COMMANDS,
  HealthReasonCode,
} from 'backstage-plugin-prometheus-fleet-common';

/** What the operator of the edge, or of Backstage, does about each health reason. */
export const HEALTH_REASON_FIXES: Record<HealthReasonCode, string> = {
  'lag-over-warning':
    "The queue sends more slowly than the agent scrapes. Look for remote-write errors in the log of this cluster's Prometheus agent and for a slow global; if Prometheus wants more shards than it may run, raise maxShards.",
  'lag-over-critical':
    'Data reaches the global this late. Act on the other reasons first (failures, retries, shards); without any, check the network path from this cluster to the remote-write URL and the write load of the global.',
  'samples-failed': `The global rejects writes for good, mostly with an HTTP 4xx that the agent's log names: check the remote-write URL, the credentials Secret (${ANNOTATION_REMOTE_WRITE_SECRET}) and the tenant.`,
  'samples-retried':
    'The global answers writes with a 5xx or 429 and the agent retries them: check the load and logs of the global, and of any gateway in front of it.',
  'desired-shards-over-max': `Raise ${ANNOTATION_MAX_SHARDS} on this edge to the suggested maxShards, then apply its regenerated values.`,
  'queue-not-found':
    "Install this edge's current values with the helm command on its Monitoring tab: its remote write is not the generated one.",
  'no-queue-metrics':
    "Install this edge's generated values: they make its Prometheus agent scrape itself, so that its queue metrics reach the global with its cluster label.",
  'series-over-budget': `The cluster's scrapes give more series than its ${ANNOTATION_SERIES_BUDGET} allows. Find the targets that grew (scrape_samples_post_metric_relabeling by job at the global), drop what nobody reads with metric relabelling, or raise the budget.`,
  misrouted:
    "Deploy this edge's generated values with the helm command on its Monitoring tab: its agent writes to another global than the catalog gives it. If it belongs there, change its global in the catalog instead.",
  'wrong-tenant': `Deploy this edge's generated values with the helm command on its Monitoring tab: its agent writes as another tenant than the catalog gives it. If it belongs to that tenant, set ${ANNOTATION_TENANT} on it instead.`,
  'query-failed':
    "The query's error is among these reasons. If it lasts, check the global's Prometheus (query timeouts and limits) and the endpoint's timeout in app-config; the next poll retries.",
  'no-sample':
    'On this cluster, check that the Prometheus agent pod runs, then read its log for remote-write errors (connection refused, 401, context deadline exceeded).',
  'never-seen': `Install this edge's values with the helm command on its Monitoring tab. If it runs them, check that its global stores what it sends: a global older than Prometheus 3.0 answers Remote-Write 2.0 (${ANNOTATION_REMOTE_WRITE_PROTOCOL}: v2) but stores nothing.`,
  'awaiting-first-data': `Install the Prometheus agent on this cluster: with kubectl pointing at it, run ${HELM_REPO_COMMANDS.join(
    ', then ',
  )}, then the helm upgrade --install command of this edge's values on its Monitoring tab. Its health shows once its first samples reach the global.`,
  'global-not-configured': `Set ${ANNOTATION_QUERY_ENDPOINT} on the global to the name of an endpoint under prometheusFleet.queryEndpoints in app-config; an edge without a global needs its fleet problems fixed first.`,
  'global-unreachable':
    'Check that the query endpoint in app-config is reachable from Backstage, with the right URL, credentials and timeout; the next poll retries.',
  'not-onboarded':
    'Fix the fleet problems of this edge: it gets values, and queue health, once they are gone.',
  unrecorded:
    'Nothing: an earlier version of the plugin recorded this reason without a code, and the next poll replaces it.',
};
