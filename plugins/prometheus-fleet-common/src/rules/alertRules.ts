import { FAILED_RATIO_CRITICAL, HealthThresholds } from '../health/thresholds';
import { promDuration } from '../promDuration';
import { AlertingRule } from './ruleTypes';
import { FLEET_SERIES } from './seriesNames';

/**
 * The remote-write alerts wait as long as the mixin's: resharding, backoff
 * and a global's restart clear within minutes, and the edge's WAL (two hours
 * and more) still holds what the queue has not sent after 15 minutes.
 */
const REMOTE_WRITE_FOR = '15m';

/**
 * Only catalog edges of this global alert, with their owner and link: the
 * series is joined to the expected-edges series, whose labels it takes.
 */
const OF_CATALOG_EDGE = `* on (cluster) group_left (owner, monitoring_url) ${FLEET_SERIES.expectedEdge}`;

/** What each alert says about the edge; catalog strings only through labels. */
function annotations(
  summary: string,
  description: string,
  withLink: boolean,
): Record<string, string> {
  return {
    summary,
    description,
    owner: '{{ $labels.owner }}',
    ...(withLink ? { monitoring_url: '{{ $labels.monitoring_url }}' } : {}),
  };
}

/**
 * The alerts a global evaluates on its edges, each labelled `cluster` and
 * `severity` and annotated with the edge's owner and, when the app's base URL
 * is known, its Monitoring tab.
 */
export function alertRules(
  thresholds: Pick<HealthThresholds, 'lagCritical' | 'silentAfter'>,
  gracePeriod: number,
  withLink: boolean,
): AlertingRule[] {
  const silentAfter = promDuration(thresholds.silentAfter);
  const lagCritical = promDuration(thresholds.lagCritical);
  const grace = promDuration(gracePeriod);
  return [
    {
      alert: 'PrometheusFleetEdgeSilent',
      // A catalog edge with no report within silentAfter, or none at all,
      // but for one that has never reported since the global began to
      // expect it less than the onboarding grace period ago. An edge that
      // reported once is judged by its reports only, however new.
      expr: [
        `(${FLEET_SERIES.expectedEdge} unless on (cluster) (time() - ${FLEET_SERIES.lastReport} <= ${thresholds.silentAfter}))`,
        `unless on (cluster)`,
        `((time() - ${FLEET_SERIES.edgeFirstExpected} <= ${gracePeriod}) unless on (cluster) ${FLEET_SERIES.edgeFirstReport})`,
      ].join('\n'),
      // The expression already waits silentAfter for an edge that stopped,
      // and the grace period for one that never reported; a fifth of
      // silentAfter more rides over a rules reload.
      for: promDuration(thresholds.silentAfter / 5),
      labels: { severity: 'critical' },
      annotations: annotations(
        `Edge cluster {{ $labels.cluster }} has sent nothing to its global for ${silentAfter}.`,
        `No sample from cluster {{ $labels.cluster }} has reached this global for more than ${silentAfter}, or none ever did in the ${grace} since this global began to expect it: the edge is down, cannot reach the global, its queue is stuck, or its agent was never installed.`,
        withLink,
      ),
    },
    {
      alert: 'PrometheusFleetRemoteWriteBehind',
      expr: `(${FLEET_SERIES.lag} > ${thresholds.lagCritical}) ${OF_CATALOG_EDGE}`,
      for: REMOTE_WRITE_FOR,
      labels: { severity: 'critical' },
      annotations: annotations(
        `Remote write from edge cluster {{ $labels.cluster }} is more than ${lagCritical} behind.`,
        'Queue {{ $labels.remote_name }} of cluster {{ $labels.cluster }} is {{ $value | humanizeDuration }} behind.',
        withLink,
      ),
    },
    {
      alert: 'PrometheusFleetDesiredShards',
      expr: `(${FLEET_SERIES.desiredShards} > ${FLEET_SERIES.maxShards}) ${OF_CATALOG_EDGE}`,
      for: REMOTE_WRITE_FOR,
      labels: { severity: 'warning' },
      annotations: annotations(
        'Edge cluster {{ $labels.cluster }} needs more remote-write shards than its maxShards.',
        'Queue {{ $labels.remote_name }} of cluster {{ $labels.cluster }} wants {{ $value }} shards, above its maxShards: raise it (prometheus-fleet.io/max-shards) about 30 % above that.',
        withLink,
      ),
    },
    {
      alert: 'PrometheusFleetRemoteWriteFailures',
      // The poller's ratio: samples_total counts failed sends too.
      expr: `(${FLEET_SERIES.failedRate} / (${FLEET_SERIES.failedRate} + ${FLEET_SERIES.sentRate}) > ${FAILED_RATIO_CRITICAL}) ${OF_CATALOG_EDGE}`,
      for: REMOTE_WRITE_FOR,
      labels: { severity: 'critical' },
      annotations: annotations(
        `Edge cluster {{ $labels.cluster }} fails to send more than ${
          FAILED_RATIO_CRITICAL * 100
        } % of its samples.`,
        'Queue {{ $labels.remote_name }} of cluster {{ $labels.cluster }} fails {{ $value | humanizePercentage }} of its samples: the global rejects them for good.',
        withLink,
      ),
    },
  ];
}
