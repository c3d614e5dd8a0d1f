import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModulePrometheusFleet } from './module';

async function registeredActions(config: object) {
  const actions: TemplateAction<any, any, any>[] = [];
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
      scaffolderModulePrometheusFleet,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return actions;
}

describe('scaffolderModulePrometheusFleet', () => {
  it('registers the onboarding action', async () => {
    const actions = await registeredActions({});

    expect(actions.map(action => action.id)).toEqual([
      'prometheus-fleet:edge:create',
    ]);
  });
});
