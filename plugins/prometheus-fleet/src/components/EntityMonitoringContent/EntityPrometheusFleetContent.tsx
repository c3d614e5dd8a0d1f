import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { prometheusFleetApiRef } from '../../api';
import { GlobalEdgesCard } from '../GlobalEdges';
import { clusterKeyOf } from '../shared/links';
import { hasStatus } from '../shared/errors';
import { ClusterOverviewCard } from './ClusterOverviewCard';
import { NotInFleet } from './NotInFleet';
import { QueueHealthCard } from './QueueHealthCard';
import { ValuesCard } from './ValuesCard';

/**
 * The monitoring tab of a fleet cluster: its place in the fleet, its
 * onboarding values and, for an edge, its remote-write queue health.
 */
export function EntityPrometheusFleetContent() {
  const { entity } = useEntity();
  const api = useApi(prometheusFleetApiRef);
  const { namespace, name } = clusterKeyOf(entity);
  const {
    value: cluster,
    loading,
    error,
    retry,
  } = useAsyncRetry(
    () => api.getCluster({ namespace, name }),
    [api, namespace, name],
  );

  if (loading) {
    return <Progress />;
  }
  if (hasStatus(error, 404)) {
    return <NotInFleet entity={entity} onJoined={retry} />;
  }
  if (error || !cluster) {
    return (
      <ResponseErrorPanel error={error ?? new Error('No cluster returned')} />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ClusterOverviewCard cluster={cluster} />
      </Grid>
      <Grid item xs={12}>
        {cluster.role === 'edge' ? (
          <QueueHealthCard cluster={cluster} />
        ) : (
          <GlobalEdgesCard globalRef={cluster.ref} />
        )}
      </Grid>
      <Grid item xs={12}>
        <ValuesCard cluster={cluster} />
      </Grid>
    </Grid>
  );
}
