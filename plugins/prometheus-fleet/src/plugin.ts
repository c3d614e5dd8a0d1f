import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PrometheusFleetClient, prometheusFleetApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const prometheusFleetPlugin = createPlugin({
  id: 'prometheus-fleet',
  apis: [
    createApiFactory({
      api: prometheusFleetApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PrometheusFleetClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The fleet page, with its own header.
 *
 * @public
 */
export const PrometheusFleetPage: () => JSX.Element =
  prometheusFleetPlugin.provide(
    createRoutableExtension({
      name: 'PrometheusFleetPage',
      component: () =>
        import('./components/FleetPage').then(m => m.PrometheusFleetPage),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The monitoring tab of a fleet cluster; show it where
 * `isPrometheusFleetAvailable` holds, at the path `monitoring`.
 *
 * @public
 */
export const EntityPrometheusFleetContent: () => JSX.Element =
  prometheusFleetPlugin.provide(
    createComponentExtension({
      name: 'EntityPrometheusFleetContent',
      component: {
        lazy: () =>
          import('./components/EntityMonitoringContent').then(
            m => m.EntityPrometheusFleetContent,
          ),
      },
    }),
  );

/**
 * The overview card of a global listing its edges; show it where
 * `isPrometheusFleetGlobal` holds.
 *
 * @public
 */
export const EntityPrometheusFleetGlobalCard: () => JSX.Element =
  prometheusFleetPlugin.provide(
    createComponentExtension({
      name: 'EntityPrometheusFleetGlobalCard',
      component: {
        lazy: () =>
          import('./components/GlobalEdges').then(
            m => m.EntityPrometheusFleetGlobalCard,
          ),
      },
    }),
  );
