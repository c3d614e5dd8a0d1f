import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  OverridableFrontendPlugin,
  PageBlueprint,
  RouteRef,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import TimelineIcon from '@material-ui/icons/Timeline';
import { MONITORING_TAB_PATH } from 'backstage-plugin-prometheus-fleet-common';
import { PrometheusFleetClient, prometheusFleetApiRef } from './api';
import {
  prometheusFleetAvailablePredicate,
  prometheusFleetGlobalPredicate,
} from './conditions';
import { rootRouteRef } from './routes';

const prometheusFleetApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: prometheusFleetApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PrometheusFleetClient(deps),
    }),
});

const fleetPage = PageBlueprint.make({
  params: {
    path: '/prometheus-fleet',
    // Short enough for the sidebar; the page itself is headed "Prometheus fleet".
    title: 'Prometheus',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/FleetPage').then(m => (
        <Content>
          <m.FleetOverview />
        </Content>
      )),
  },
});

const monitoringContent = EntityContentBlueprint.make({
  name: 'monitoring',
  params: {
    path: MONITORING_TAB_PATH,
    title: 'Monitoring',
    filter: prometheusFleetAvailablePredicate,
    loader: () =>
      import('./components/EntityMonitoringContent').then(m => (
        <m.EntityPrometheusFleetContent />
      )),
  },
});

const globalEdgesCard = EntityCardBlueprint.make({
  name: 'global-edges',
  params: {
    type: 'content',
    filter: prometheusFleetGlobalPredicate,
    loader: () =>
      import('./components/GlobalEdges').then(m => (
        <m.EntityPrometheusFleetGlobalCard />
      )),
  },
});

/**
 * The plugin for apps on the new frontend system: the API client, the fleet
 * page with its nav item, the monitoring entity tab and the global card.
 *
 * The annotation keeps the inferred extension map out of the published
 * types: it would name the entity filter types of a nested dependency.
 *
 * @public
 */
const prometheusFleetPlugin: OverridableFrontendPlugin<{ root: RouteRef }> =
  createFrontendPlugin({
    pluginId: 'prometheus-fleet',
    title: 'Prometheus fleet',
    icon: <TimelineIcon fontSize="inherit" />,
    routes: {
      root: convertLegacyRouteRef(rootRouteRef),
    },
    extensions: [
      prometheusFleetApi,
      fleetPage,
      monitoringContent,
      globalEdgesCard,
    ],
  });

export default prometheusFleetPlugin;
