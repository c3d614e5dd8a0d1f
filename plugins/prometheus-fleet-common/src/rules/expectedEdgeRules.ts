import { FleetCluster } from '../types';
import { monitoringUrl } from './monitoringUrl';
import { RecordingRule } from './ruleTypes';
import { FLEET_SERIES } from './seriesNames';

/**
 * One series per catalog edge, so that the alerts know an edge before it
 * ever sent anything, and know no cluster the catalog does not declare.
 * Catalog strings (owner, link) go into the rule's labels only, which
 * Prometheus sets as they are, never into PromQL or an alert template:
 * the alerts copy them from this series and their templates print the copy.
 */
export function expectedEdgeRules(
  edges: readonly FleetCluster[],
  appBaseUrl: string | undefined,
): RecordingRule[] {
  return edges.map(edge => ({
    record: FLEET_SERIES.expectedEdge,
    expr: 'vector(1)',
    labels: {
      cluster: edge.clusterLabel,
      ...(edge.owner ? { owner: edge.owner } : {}),
      ...(appBaseUrl
        ? { monitoring_url: monitoringUrl(appBaseUrl, edge) }
        : {}),
    },
  }));
}

/**
 * Since when the global expects each edge, and since when it has held a
 * report from it, so that `PrometheusFleetEdgeSilent` leaves an edge that
 * never reported alone for its onboarding grace period. Each rule keeps its
 * own previous value (`self or …`), restricted to the expected edges so that
 * an edge leaving the catalog leaves no series behind; after a gap in
 * evaluation longer than the lookback delta (a global down for more than 5
 * minutes) they start again from that evaluation.
 */
export function edgeOnboardingRules(): RecordingRule[] {
  const expected = FLEET_SERIES.expectedEdge;
  const kept = (series: string) => `(${series} and on (cluster) ${expected})`;
  return [
    {
      record: FLEET_SERIES.edgeFirstExpected,
      expr: `${kept(
        FLEET_SERIES.edgeFirstExpected,
      )} or min by (cluster) (timestamp(${expected}))`,
    },
    {
      record: FLEET_SERIES.edgeFirstReport,
      expr: `${kept(
        FLEET_SERIES.edgeFirstReport,
      )} or (min by (cluster) (timestamp(${
        FLEET_SERIES.lastReport
      })) and on (cluster) ${expected})`,
    },
  ];
}
