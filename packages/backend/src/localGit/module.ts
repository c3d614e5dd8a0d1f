import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { localGitLocationTarget } from './localGitLocation';
import { createPublishLocalGitAction } from './publishLocalGitAction';

/**
 * The demo's publisher for onboarded edges: with no Git host to open a pull
 * request on, the template commits them into a local git repository that the
 * catalog reads. Registered only when `demo.localGitRoot` is set; relative
 * paths resolve against the backend's working directory, like catalog `file`
 * locations.
 */
export const scaffolderModuleDemoLocalGit = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'demo-local-git',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, catalog, config, logger }) {
        const configured = config.getOptionalString('demo.localGitRoot');
        if (!configured) return;
        const root = path.resolve(configured);
        scaffolder.addActions(createPublishLocalGitAction({ root, catalog }));
        logger.info(
          `prometheus-fleet:publish:local-git commits into ${root}; the catalog reads it through a file location with target ${localGitLocationTarget(
            root,
          )}`,
        );
      },
    });
  },
});
