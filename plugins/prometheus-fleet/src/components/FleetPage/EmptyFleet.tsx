import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_ROLE,
  CLUSTER_RESOURCE_TYPE,
} from 'backstage-plugin-prometheus-fleet-common';
import useAsync from 'react-use/esm/useAsync';

const HOW_TO_JOIN = `Annotate a Resource of type ${CLUSTER_RESOURCE_TYPE} with ${ANNOTATION_ROLE}: global for the Prometheus that receives remote write, and ${ANNOTATION_ROLE}: edge for each cluster that writes to it.`;

/**
 * Why the fleet is empty, from the catalog itself: it does not answer, it
 * holds no cluster Resource (never ingested, or no location registered), or
 * none of its clusters has a fleet role yet.
 */
export function EmptyFleet() {
  const catalog = useApi(catalogApiRef);
  const clusters = useAsync(
    () =>
      catalog.getEntities({
        filter: { kind: 'Resource', 'spec.type': CLUSTER_RESOURCE_TYPE },
        fields: ['kind'],
      }),
    [catalog],
  );
  if (clusters.loading) {
    return <Progress />;
  }
  if (clusters.error) {
    return (
      <EmptyState
        missing="data"
        title="No clusters in the fleet: the catalog is not answering"
        description={`Reading the catalog failed (${clusters.error.message}), so the fleet cannot be resolved either. Check that the catalog backend is running, then reload.`}
      />
    );
  }
  const count = clusters.value?.items.length ?? 0;
  if (count === 0) {
    return (
      <EmptyState
        missing="data"
        title="No clusters in the fleet: the catalog holds no cluster"
        description={`The catalog has no Resource of type ${CLUSTER_RESOURCE_TYPE}: register the location of your clusters' catalog files (catalog.locations in app-config), or wait for the catalog to ingest them. ${HOW_TO_JOIN}`}
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No clusters in the fleet yet"
      description={`The catalog has ${count} Resource${
        count === 1 ? '' : 's'
      } of type ${CLUSTER_RESOURCE_TYPE}, none with a fleet role. ${HOW_TO_JOIN}`}
    />
  );
}
