import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createEdgeAction } from './actions/createEdgeAction';

/**
 * Adds the Prometheus Fleet onboarding actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModulePrometheusFleet = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'prometheus-fleet',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, catalog, config, logger }) {
        scaffolder.addActions(createEdgeAction({ catalog, config, logger }));
      },
    });
  },
});
