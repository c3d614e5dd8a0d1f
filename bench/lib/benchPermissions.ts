import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { ANNOTATION_ROLE } from 'backstage-plugin-prometheus-fleet-common';

/** Users whose catalog reads the bench policy narrows; everyone else may read everything. */
export const NARROWED_USER_PREFIX = 'user:default/narrowed-';

function userOf(
  credentials: BackstageCredentials | undefined,
): string | undefined {
  const principal = credentials?.principal as
    | { type?: string; userEntityRef?: string }
    | undefined;
  return principal?.type === 'user' ? principal.userEntityRef : undefined;
}

/**
 * The permission policy of the bench: every request allowed, except catalog
 * reads by "narrowed" users, which get a conditional decision (entities with a
 * fleet role, which is the whole fleet), applied by the catalog itself as an
 * ownership policy would be. Their fleet is resolved per request from what
 * the catalog returns them.
 */
export const benchPermissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const decide = (
      requests: Array<{ permission: { name: string } }>,
      options?: { credentials?: BackstageCredentials },
    ) =>
      requests.map((request): PolicyDecision => {
        const narrowed =
          request.permission.name === 'catalog.entity.read' &&
          userOf(options?.credentials)?.startsWith(NARROWED_USER_PREFIX);
        return narrowed
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'HAS_ANNOTATION',
                resourceType: 'catalog-entity',
                params: { annotation: ANNOTATION_ROLE },
              },
            }
          : { result: AuthorizeResult.ALLOW };
      });
    return {
      authorizeConditional: async (requests, options) =>
        decide(requests, options as { credentials?: BackstageCredentials }),
      // A definitive check names one entity, which the narrowing condition admits.
      authorize: async requests =>
        requests.map((): { result: AuthorizeResult.ALLOW } => ({
          result: AuthorizeResult.ALLOW,
        })),
    };
  },
});
