import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

function readerOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
  };
  return principal.type === 'user' ? principal.userEntityRef : principal.type;
}

/**
 * A catalog that, like the real one, only returns what the caller may read:
 * a user the entities `visible` gives their ref, the plugin's own service
 * credentials `everything`.
 */
export function readableCatalog(
  everything: Entity[],
  visible: Record<string, Entity[]>,
) {
  return catalogServiceMock.mock({
    streamEntities: (req, options) => {
      const reader =
        options && 'credentials' in options
          ? readerOf(options.credentials)
          : undefined;
      const entities =
        reader === 'service' ? everything : (reader && visible[reader]) || [];
      return catalogServiceMock({ entities }).streamEntities(req);
    },
  });
}
