import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

function isUser(credentials: BackstageCredentials | undefined): boolean {
  return (credentials?.principal as { type?: string })?.type === 'user';
}

/**
 * A permission policy that narrows what every user may read in the catalog
 * (the decision a policy such as "owners only" gives), while service
 * principals read everything, as with the real permission client. With it a
 * catalog mock that filters by caller behaves like the real catalog.
 */
export const conditionalPermissions = () =>
  mockServices.permissions.mock({
    authorizeConditional: async (requests, options) =>
      requests.map(
        (): PolicyDecision =>
          isUser(
            options && 'credentials' in options
              ? options.credentials
              : undefined,
          )
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'catalog-entity',
                  params: { claims: [] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
      ),
  }).factory;
