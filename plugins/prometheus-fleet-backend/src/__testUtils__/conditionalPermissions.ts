import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

function userRefOf(
  credentials: BackstageCredentials | undefined,
): string | undefined {
  const principal = credentials?.principal as {
    type?: string;
    userEntityRef?: string;
  };
  return principal?.type === 'user' ? principal.userEntityRef : undefined;
}

/**
 * A permission policy that narrows what every user may read in the catalog
 * to what they own (the decision an "owners only" policy gives, its claims
 * the user's ref), while service principals read everything, as with the
 * real permission client. With it a catalog mock that filters by caller
 * behaves like the real catalog.
 */
export const conditionalPermissions = () =>
  mockServices.permissions.mock({
    authorizeConditional: async (requests, options) => {
      const user = userRefOf(
        options && 'credentials' in options ? options.credentials : undefined,
      );
      return requests.map(
        (): PolicyDecision =>
          user
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'catalog-entity',
                  params: { claims: [user] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
      );
    },
  }).factory;
