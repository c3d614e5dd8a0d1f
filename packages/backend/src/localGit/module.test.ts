import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleDemoLocalGit } from './module';

async function registeredActions(config: object) {
  const actions: TemplateAction<any, any, any>[] = [];
  const logger = mockServices.logger.mock();
  await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        {
          addActions: (...added: TemplateAction<any, any, any>[]) =>
            actions.push(...added),
        },
      ],
    ],
    features: [
      scaffolderModuleDemoLocalGit,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({ data: config }),
      logger.factory,
    ],
  });
  return { ids: actions.map(action => action.id), logger };
}

describe('scaffolderModuleDemoLocalGit', () => {
  it('registers the local git publisher when its root is configured, resolved like catalog file locations', async () => {
    const { ids, logger } = await registeredActions({
      demo: { localGitRoot: '../onboarded' },
    });

    expect(ids).toEqual(['prometheus-fleet:publish:local-git']);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        `commits into ${path.resolve('..', 'onboarded')}`,
      ),
    );
  });

  it('registers nothing without it', async () => {
    expect((await registeredActions({})).ids).toEqual([]);
  });
});
