import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkEdgeNames,
  clusterNameError,
  EdgeNamesAvailability,
  newClusterRef,
} from 'backstage-plugin-prometheus-fleet-common';
import { z } from 'zod/v3';
import { FleetService } from './service/types';

/** Longer values are invalid anyway; the messages quote 80 characters of them. */
const MAX_VALUE_LENGTH = 1_000;

/** `GET /availability?name=&clusterLabel=`: at least one of them. */
export const availabilityQuery = z
  .object({
    name: z.string().max(MAX_VALUE_LENGTH).optional(),
    clusterLabel: z.string().max(MAX_VALUE_LENGTH).optional(),
  })
  .refine(({ name, clusterLabel }) => name?.trim() || clusterLabel?.trim(), {
    message: 'give a name, a clusterLabel or both',
    path: ['name'],
  });

/**
 * Whether a new edge's name and cluster label are valid and free, as the
 * caller sees the catalog: the name against every entity they may read (a
 * Resource of any type may hold it), the label against the fleet's clusters
 * they may read. The scaffolder action checks the same again at Create,
 * with the same sentences (common's `checkEdgeNames`), reading the catalog
 * afresh; the fleet here is the shared one, which takes a cluster in within
 * seconds of the catalog.
 */
export async function checkAvailability(
  query: z.infer<typeof availabilityQuery>,
  options: {
    catalog: CatalogService;
    fleet: FleetService;
    credentials: BackstageCredentials;
  },
): Promise<EdgeNamesAvailability> {
  const { catalog, fleet, credentials } = options;
  const name = query.name?.trim();
  const ref = name && !clusterNameError(name) ? newClusterRef(name) : undefined;
  const [clusters, holder] = await Promise.all([
    fleet.listClusters({ credentials }),
    ref ? catalog.getEntityByRef(ref, { credentials }) : undefined,
  ]);
  return checkEdgeNames(query, clusters, holder ? ref : undefined);
}
