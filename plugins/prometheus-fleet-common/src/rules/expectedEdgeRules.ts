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
