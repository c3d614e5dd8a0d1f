import { InfoCard, StatusOK } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ClusterView,
  ENGINE_TRAITS,
} from 'backstage-plugin-prometheus-fleet-common';
import { GlobalRef } from '../shared/GlobalRef';
import { LabeledValue } from '../shared/LabeledValue';
import { ProblemList } from '../shared/ProblemList';

function roleDescription(cluster: ClusterView): string {
  if (cluster.role === 'edge') {
    return 'Edge: a Prometheus agent that scrapes this cluster and remote-writes to its global';
  }
  const engine = ENGINE_TRAITS[cluster.engine ?? 'prometheus'].name;
  return `Global: a ${engine} that receives remote write from its edges`;
}

export function ClusterOverviewCard(props: { cluster: ClusterView }) {
  const { cluster } = props;
  return (
    <InfoCard title="Prometheus fleet">
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <LabeledValue label="Role">{roleDescription(cluster)}</LabeledValue>
        </Grid>
        {cluster.role === 'edge' && (
          <Grid item xs={12} md={6}>
            <LabeledValue label="Global">
              {cluster.global ? (
                <GlobalRef
                  entityRef={cluster.global}
                  readable={cluster.globalReadable}
                />
              ) : (
                'Not resolved, see the problems below'
              )}
            </LabeledValue>
          </Grid>
        )}
        <Grid item xs={12} md={6}>
          <LabeledValue label="Cluster label">
            <code>cluster="{cluster.clusterLabel}"</code>
          </LabeledValue>
        </Grid>
        {cluster.tenant && (
          <Grid item xs={12} md={6}>
            <LabeledValue label="Tenant">{cluster.tenant}</LabeledValue>
          </Grid>
        )}
        <Grid item xs={12} md={6}>
          <LabeledValue label="Owner">
            {cluster.owner ? (
              <EntityRefLink entityRef={cluster.owner} />
            ) : (
              'No owner'
            )}
          </LabeledValue>
        </Grid>
        <Grid item xs={12}>
          <LabeledValue label="Problems">
            {cluster.problems.length ? (
              <ProblemList problems={cluster.problems} />
            ) : (
              <StatusOK>
                No problems with this cluster's fleet mapping.
              </StatusOK>
            )}
          </LabeledValue>
        </Grid>
      </Grid>
      <Typography variant="caption" color="textSecondary">
        The mapping comes from this entity's prometheus-fleet.io annotations.
      </Typography>
    </InfoCard>
  );
}
