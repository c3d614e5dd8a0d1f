import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { PrometheusFleetClient, prometheusFleetApiRef } from './api';
import { onboardingRouteRef, rootRouteRef } from './routes';
import {
  clusterLabelFieldOptions,
  clusterNameFieldOptions,
  globalPickerFieldOptions,
  ownerPickerFieldOptions,
} from './scaffolder/fields';

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
    onboarding: onboardingRouteRef,
  },
});

/**
 * The fleet page, with its own header; beneath it, at
 * `onboarding/:namespace/:name`, the page a scaffolder run links to, which
 * waits for the new cluster and opens its Monitoring tab.
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

/**
 * Scaffolder field of a new edge's name: says which characters are allowed
 * as the user types, and whether the catalog or the fleet already holds the
 * name (also as the cluster label it gives an edge without one); refuses it
 * on "Next". Put it in `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const PrometheusFleetClusterNameFieldExtension =
  prometheusFleetPlugin.provide(
    createScaffolderFieldExtension({
      ...clusterNameFieldOptions,
      schema: clusterNameFieldOptions.schema.schema,
    }),
  );

/**
 * Scaffolder field of a new edge's cluster label: the same checks against
 * the labels of the fleet.
 *
 * @public
 */
export const PrometheusFleetClusterLabelFieldExtension =
  prometheusFleetPlugin.provide(
    createScaffolderFieldExtension({
      ...clusterLabelFieldOptions,
      schema: clusterLabelFieldOptions.schema.schema,
    }),
  );

/**
 * Scaffolder field choosing the fleet's global a new edge writes to, by its
 * title; globals that cannot take edges are listed with their problems.
 *
 * @public
 */
export const PrometheusFleetGlobalPickerFieldExtension =
  prometheusFleetPlugin.provide(
    createScaffolderFieldExtension({
      ...globalPickerFieldOptions,
      schema: globalPickerFieldOptions.schema.schema,
    }),
  );

/**
 * Scaffolder field choosing a new edge's owner, a group or user, by its
 * display name.
 *
 * @public
 */
export const PrometheusFleetOwnerPickerFieldExtension =
  prometheusFleetPlugin.provide(
    createScaffolderFieldExtension({
      ...ownerPickerFieldOptions,
      schema: ownerPickerFieldOptions.schema.schema,
    }),
  );
