import { FleetCluster } from '../types';

/**
 * Path of the plugin's entity tab under the entity page; the frontend mounts
 * its Monitoring tab there.
 *
 * @public
 */
export const MONITORING_TAB_PATH = 'monitoring';

/**
 * Link to a cluster's Monitoring tab in the Backstage app, as the catalog
 * routes entity pages: kind and namespace in lower case, every part encoded.
 *
 * @param appBaseUrl - `app.baseUrl`, without a trailing slash
 * @public
 */
export function monitoringUrl(
  appBaseUrl: string,
  cluster: Pick<FleetCluster, 'namespace' | 'name'>,
): string {
  const namespace = encodeURIComponent(
    cluster.namespace.toLocaleLowerCase('en-US'),
  );
  return `${appBaseUrl}/catalog/${namespace}/resource/${encodeURIComponent(
    cluster.name,
  )}/${MONITORING_TAB_PATH}`;
}
