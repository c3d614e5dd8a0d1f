import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
  Fleet,
  hasBlockingProblems,
  indexFleet,
  quoteForMessage,
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

async function globalProblem(
  request: EdgeRequest,
  fleet: Fleet,
  exists: (ref: string) => Promise<boolean>,
): Promise<string | undefined> {
  const global = indexFleet(fleet).get(request.global);
  if (!global) {
    return (await exists(request.global))
      ? `${request.global} is not a global of the Prometheus fleet: a global is a Resource of type ${CLUSTER_RESOURCE_TYPE} annotated ${ANNOTATION_ROLE}: global.`
      : `Global ${request.global} is not in the catalog.`;
  }
  if (global.role !== 'global') {
    return `${request.global} is an ${global.role}, not a global.`;
  }
  if (hasBlockingProblems(global)) {
    const errors = global.problems.filter(p => p.severity === 'error');
    return `Global ${
      request.global
    } cannot take edges until its problems are fixed: ${errors
      .map(p => p.message)
      .join(' ')}`;
  }
  return undefined;
}

function labelProblem(request: EdgeRequest, fleet: Fleet): string | undefined {
  const holder = fleet.clusters.find(
    cluster =>
      cluster.clusterLabel === request.clusterLabel &&
      cluster.ref !== request.ref,
  );
  if (!holder) {
    return undefined;
  }
  return request.labelGiven
    ? `Cluster label ${quoteForMessage(
        request.clusterLabel,
      )} is already used by ${holder.ref}: choose another one.`
    : `The name ${quoteForMessage(
        request.name,
      )} is already the cluster label of ${
        holder.ref
      }: choose another name or set a cluster label (${ANNOTATION_CLUSTER_LABEL}).`;
}

/**
 * What the catalog says against the request: the name is taken, the label is
 * taken, or the chosen global cannot take edges. Only entities the initiator
 * can see are considered, as everywhere in the catalog.
 */
export async function fleetProblems(
  request: EdgeRequest,
  fleet: Fleet,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const exists = async (ref: string) =>
    (await catalog.getEntityByRef(ref, { credentials })) !== undefined;
  const problems: string[] = [];
  if (await exists(request.ref)) {
    problems.push(
      `${request.ref} already exists in the catalog: choose another name.`,
    );
  }
  const label = labelProblem(request, fleet);
  if (label) problems.push(label);
  const global = await globalProblem(request, fleet, exists);
  if (global) problems.push(global);
  return problems;
}
