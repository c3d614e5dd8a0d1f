import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_GLOBAL,
  ANNOTATION_MAX_SHARDS,
  ANNOTATION_ROLE,
  ANNOTATION_TENANT,
  CLUSTER_RESOURCE_TYPE,
} from 'backstage-plugin-prometheus-fleet-common';
import { Document } from 'yaml';
import { EdgeRequest } from './edgeRequest';

function definedOnly(
  entries: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

/**
 * The catalog entity of a new edge. It names its global both ways: the
 * annotation decides the fleet mapping even if the edge later depends on
 * another global, and `dependsOn` draws the relation in the catalog graph.
 */
export function buildEdgeEntity(request: EdgeRequest): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: request.name,
      ...(request.title ? { title: request.title } : {}),
      ...(request.description ? { description: request.description } : {}),
      annotations: definedOnly({
        [ANNOTATION_ROLE]: 'edge',
        [ANNOTATION_GLOBAL]: request.global,
        [ANNOTATION_CLUSTER_LABEL]: request.labelGiven
          ? request.clusterLabel
          : undefined,
        [ANNOTATION_TENANT]: request.tenant,
        [ANNOTATION_MAX_SHARDS]: request.maxShards,
        [ANNOTATION_KUBERNETES_API_SERVER]: request.apiServer,
        [ANNOTATION_KUBERNETES_API_SERVER_CA]:
          request.apiServerCertificateAuthority,
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: request.authProvider,
      }),
    },
    spec: {
      type: CLUSTER_RESOURCE_TYPE,
      owner: request.owner,
      dependsOn: [request.global],
    },
  };
}

export function entityToYaml(entity: Entity): string {
  const doc = new Document(entity);
  doc.commentBefore =
    ' Edge cluster of the Prometheus fleet, onboarded with the scaffolder.';
  return doc.toString({ lineWidth: 0 });
}
