import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createEdgeAction } from './actions/createEdgeAction';
import { createPublishLocalGitAction } from './actions/publishLocalGitAction';
import { localGitLocationTarget } from './actions/localGitLocation';
import { readLocalGitRoot } from './config';

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
        scaffolder.addActions(createEdgeAction({ catalog, config }));
        const root = readLocalGitRoot(config);
        if (root) {
          scaffolder.addActions(createPublishLocalGitAction({ root, catalog }));
          logger.info(
            `prometheus-fleet:publish:local-git commits into ${root} (demo and development use); the catalog reads it through a file location with target ${localGitLocationTarget(
              root,
            )}`,
          );
        }
      },
    });
  },
});
