import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkEdgeNames,
  CLUSTER_RESOURCE_TYPE,
  edgeNamesProblems,
  Fleet,
  globalCandidateError,
  indexFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import { EdgeRequest } from './edgeRequest';

/**
 * Every cluster the caller can see. Clusters without a role are loaded too:
 * resolveFleet skips them, and a catalog filter on an annotation key would
 * only save a few entities.
 */
export async function loadClusterEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE } },
    { credentials },
  );
  return items;
}

/**
 * What the catalog says against the request: the name is taken, the label is
 * taken, or the chosen global cannot take edges. Only entities the initiator
 * can see are considered, as everywhere in the catalog. The name and label
 * are judged by common's `checkEdgeNames`, as the onboarding form asks the
 * backend's `GET /availability` before Create, with the same sentences.
 */
export async function fleetProblems(
  request: EdgeRequest,
  fleet: Fleet,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const exists = async (ref: string) =>
    (await catalog.getEntityByRef(ref, { credentials })) !== undefined;
  const names = checkEdgeNames(
    {
      name: request.name,
      clusterLabel: request.labelGiven ? request.clusterLabel : undefined,
    },
    fleet.clusters,
    (await exists(request.ref)) ? request.ref : undefined,
  );
  const problems = edgeNamesProblems(names);
  const global = indexFleet(fleet).get(request.global);
  const globalProblem = globalCandidateError(
    request.global,
    global,
    global !== undefined || (await exists(request.global)),
  );
  if (globalProblem) problems.push(globalProblem);
  return problems;
}
