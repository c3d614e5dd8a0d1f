import path from 'node:path';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogService,
  locationSpecToMetadataName,
} from '@backstage/plugin-catalog-node';

/**
 * The catalog location target that reads every cluster published into `root`:
 * configure it in `catalog.locations` as a `file` location.
 */
export function localGitLocationTarget(root: string): string {
  return path.join(root, '*', 'catalog-info.yaml');
}

/**
 * Asks the catalog to re-read the `file` location of `root`, so a newly
 * committed cluster shows up within seconds instead of at the next processing
 * round. The location is addressed by the ref the catalog derives from its
 * target: until its glob matches a first file the catalog lists no such
 * entity, but refreshes it all the same.
 *
 * @returns the location's entity ref
 */
export async function refreshLocalGitLocation(
  root: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<string> {
  const ref = stringifyEntityRef({
    kind: 'Location',
    namespace: 'default',
    name: locationSpecToMetadataName({
      type: 'file',
      target: localGitLocationTarget(root),
    }),
  });
  await catalog.refreshEntity(ref, { credentials });
  return ref;
}
