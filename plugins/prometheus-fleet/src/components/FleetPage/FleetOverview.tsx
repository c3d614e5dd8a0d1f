import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import { ClusterView } from 'backstage-plugin-prometheus-fleet-common';
import { useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import useAsync from 'react-use/esm/useAsync';
import { prometheusFleetApiRef } from '../../api';
import { ClusterTable } from './ClusterTable';
import {
  NO_FILTERS,
  SelectFilters,
  distinctSorted,
  filterRows,
  toRows,
} from './clusterRows';
import { EmptyFleet } from './EmptyFleet';
import { FleetFilterBar } from './FleetFilterBar';
import { FleetProblemsCard } from './FleetProblemsCard';
import { FleetSummary } from './FleetSummary';

const SEARCH_DEBOUNCE_MS = 150;

/** The whole fleet: status counts, every cluster, every problem. */
export function FleetOverview() {
  const api = useApi(prometheusFleetApiRef);
  const clusters = useAsync(() => api.listClusters(), [api]);
  const problems = useAsync(() => api.listProblems(), [api]);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {clusters.loading && <Progress />}
        {clusters.error && <ResponseErrorPanel error={clusters.error} />}
        {clusters.value && <FleetClusters clusters={clusters.value} />}
      </Grid>
      <Grid item xs={12}>
        {problems.loading && <Progress />}
        {problems.error && <ResponseErrorPanel error={problems.error} />}
        {problems.value && <FleetProblemsCard problems={problems.value} />}
      </Grid>
    </Grid>
  );
}

function FleetClusters(props: { clusters: ClusterView[] }) {
  const rows = useMemo(() => toRows(props.clusters), [props.clusters]);
  const globals = useMemo(
    () => distinctSorted(rows.map(row => row.global)),
    [rows],
  );
  const owners = useMemo(
    () => distinctSorted(rows.map(row => row.owner)),
    [rows],
  );
  const [filters, setFilters] = useState<SelectFilters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  // Typing stays responsive: a large fleet is filtered once the user pauses.
  const [appliedSearch, setAppliedSearch] = useState('');
  useDebounce(() => setAppliedSearch(search), SEARCH_DEBOUNCE_MS, [search]);
  const filtered = useMemo(
    () => filterRows(rows, filters, appliedSearch),
    [rows, filters, appliedSearch],
  );

  if (!rows.length) {
    return <EmptyFleet />;
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <FleetSummary
          rows={rows}
          onSelectStatus={status => setFilters({ ...filters, status })}
        />
      </Grid>
      <Grid item xs={12}>
        <FleetFilterBar
          filters={filters}
          onFiltersChange={setFilters}
          search={search}
          onSearchChange={setSearch}
          globals={globals}
          owners={owners}
        />
      </Grid>
      <Grid item xs={12}>
        <ClusterTable rows={filtered} total={rows.length} />
      </Grid>
    </Grid>
  );
}
