import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  HEALTH_STATUSES_WORST_FIRST,
  ANNOTATION_GLOBAL,
  ANNOTATION_QUERY_ENDPOINT,
  ANNOTATION_ROLE,
  ClusterView,
} from 'backstage-plugin-prometheus-fleet-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { prometheusFleetApiRef } from '../../api';
import { formatDuration, formatTimeAgo } from '../shared/format';
import {
  HealthStatusLabel,
  hasReason,
  healthSeverity,
  healthStatusInText,
} from '../shared/health';
import { GlobalRulesStatus } from '../shared/GlobalRulesStatus';
import { useMonitoringLink } from '../shared/links';

/** The edges that remote-write to one global, worst first. */
export function GlobalEdgesCard(props: { globalRef: string }) {
  const { globalRef } = props;
  const api = useApi(prometheusFleetApiRef);
  const { value, loading, error } = useAsync(async () => {
    const clusters = await api.listClusters();
    return {
      global: clusters.find(cluster => cluster.ref === globalRef),
      edges: clusters
        .filter(cluster => cluster.global === globalRef)
        .sort(
          (a, b) =>
            healthSeverity(a.health?.status) - healthSeverity(b.health?.status),
        ),
    };
  }, [api, globalRef]);
  const edges = value?.edges;

  return (
    <InfoCard
      title="Edges writing to this global"
      subheader={edges && summarize(edges)}
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value?.global && (
        <Typography variant="body2" component="div" gutterBottom>
          <GlobalRulesStatus rules={value.global.rules} />
        </Typography>
      )}
      {edges && edges.length === 0 && (
        <Typography variant="body2">
          No edge writes to this global yet. An edge joins it with{' '}
          <code>{ANNOTATION_ROLE}: edge</code> and, when the fleet has several
          globals,{' '}
          <code>
            {ANNOTATION_GLOBAL}: {globalRef}
          </code>
          .
        </Typography>
      )}
      {edges && edges.length > 0 && <EdgeTable edges={edges} />}
    </InfoCard>
  );
}

function summarize(edges: ClusterView[]): string {
  const counts = HEALTH_STATUSES_WORST_FIRST.map(status => ({
    status,
    count: edges.filter(edge => edge.health?.status === status).length,
  })).filter(({ count }) => count > 0);
  const noun = edges.length === 1 ? 'edge' : 'edges';
  if (!counts.length) {
    return `${edges.length} ${noun}`;
  }
  return `${edges.length} ${noun}: ${counts
    .map(({ status, count }) => `${count} ${healthStatusInText(status)}`)
    .join(', ')}`;
}

function EdgeTable(props: { edges: ClusterView[] }) {
  const { edges } = props;
  const monitoringLink = useMonitoringLink();
  const notConfigured = edges.some(edge =>
    hasReason(edge.health, 'global-not-configured'),
  );
  const columns = useMemo<TableColumn<ClusterView>[]>(
    () => [
      {
        title: 'Edge',
        field: 'name',
        render: edge => (
          <Link to={monitoringLink(edge.ref)}>{edge.title ?? edge.name}</Link>
        ),
      },
      { title: 'Cluster label', field: 'clusterLabel' },
      {
        title: 'Status',
        render: edge =>
          edge.health ? <HealthStatusLabel status={edge.health.status} /> : '—',
      },
      { title: 'Lag', render: edge => formatDuration(edge.health?.lagSeconds) },
      {
        title: 'Last seen',
        render: edge => formatTimeAgo(edge.health?.lastSeen),
      },
    ],
    [monitoringLink],
  );
  return (
    <>
      {notConfigured && (
        <WarningPanel
          severity="info"
          title="This global is not configured for polling"
          defaultExpanded
          message={`Its edges' queue health stays unknown until ${ANNOTATION_QUERY_ENDPOINT} on this entity names an endpoint listed under prometheusFleet.queryEndpoints in app-config.`}
        />
      )}
      <Table<ClusterView>
        columns={columns}
        data={edges}
        options={{
          paging: edges.length > 10,
          pageSize: 10,
          pageSizeOptions: [10, 20, 50],
          search: edges.length > 10,
          padding: 'dense',
          toolbar: edges.length > 10,
          sorting: false,
          emptyRowsWhenPaging: false,
        }}
      />
    </>
  );
}
