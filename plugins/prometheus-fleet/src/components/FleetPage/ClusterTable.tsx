import {
  Link,
  StatusError,
  StatusWarning,
  SubvalueCell,
  Table,
  TableColumn,
  TableProps,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { formatCount, formatDuration, formatTimeAgo } from '../shared/format';
import { GlobalRef } from '../shared/GlobalRef';
import { HealthStatusLabel } from '../shared/health';
import { useMonitoringLink } from '../shared/links';
import { ClusterRow, SortField, sortRows } from './clusterRows';

type FetchPage = Extract<
  TableProps<ClusterRow>['data'],
  (...args: any[]) => unknown
>;
type PageQuery = Parameters<FetchPage>[0];

function Shards(props: { row: ClusterRow }) {
  const { shardsDesired, shardsMax } = props.row;
  if (shardsDesired === null && shardsMax === null) {
    return <>—</>;
  }
  const text = `${formatCount(shardsDesired)} / ${formatCount(shardsMax)}`;
  return shardsDesired !== null &&
    shardsMax !== null &&
    shardsDesired > shardsMax ? (
    <StatusWarning>{text}</StatusWarning>
  ) : (
    <>{text}</>
  );
}

/**
 * Every fleet cluster, one page at a time. Material-table gets the rows as
 * remote data: given the whole array it deep-compares it on every render,
 * which takes seconds with 10,000 clusters.
 */
export function ClusterTable(props: { rows: ClusterRow[]; total: number }) {
  const { rows, total } = props;
  const monitoringLink = useMonitoringLink();
  const sorted = useRef<{
    rows: ClusterRow[];
    by: string;
    result: ClusterRow[];
  }>();

  const fetchPage = useCallback<FetchPage>(
    async (query: PageQuery) => {
      const field = query.orderBy?.field as SortField | undefined;
      const by = field ? `${field}:${query.orderDirection}` : '';
      if (sorted.current?.rows !== rows || sorted.current.by !== by) {
        const result = field
          ? sortRows(
              rows,
              field,
              query.orderDirection === 'desc' ? 'desc' : 'asc',
            )
          : rows;
        sorted.current = { rows, by, result };
      }
      const lastPage = Math.max(0, Math.ceil(rows.length / query.pageSize) - 1);
      const page = Math.min(query.page, lastPage);
      const start = page * query.pageSize;
      return {
        data: sorted.current.result.slice(start, start + query.pageSize),
        page,
        totalCount: rows.length,
      };
    },
    [rows],
  );

  // Material-table fetches its first page itself; later filters start over at page one.
  const tableRef = useRef<{ onQueryChange(query: Partial<PageQuery>): void }>();
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) {
      tableRef.current?.onQueryChange({ page: 0 });
    }
    mounted.current = true;
  }, [fetchPage]);

  const columns = useMemo<TableColumn<ClusterRow>[]>(
    () => [
      {
        title: 'Cluster',
        field: 'displayName',
        highlight: true,
        // Wide enough for a typical label on one line; longer ones (ARNs) still wrap.
        cellStyle: { minWidth: 180 },
        render: row => (
          <SubvalueCell
            value={<Link to={monitoringLink(row.ref)}>{row.displayName}</Link>}
            subvalue={
              <span style={{ wordBreak: 'normal', overflowWrap: 'anywhere' }}>
                cluster=&quot;{row.clusterLabel}&quot;
                {row.tenant && ` in tenant ${row.tenant}`}
              </span>
            }
          />
        ),
      },
      { title: 'Role', field: 'role' },
      {
        title: 'Global',
        field: 'global',
        render: row =>
          row.global ? (
            <GlobalRef
              entityRef={row.global}
              readable={row.globalReadable}
              hideIcon
            />
          ) : (
            '—'
          ),
      },
      {
        title: 'Owner',
        field: 'owner',
        render: row =>
          row.owner ? <EntityRefLink entityRef={row.owner} hideIcon /> : '—',
      },
      {
        title: 'Status',
        field: 'status',
        defaultSort: 'asc',
        cellStyle: { whiteSpace: 'nowrap' },
        render: row =>
          row.status ? <HealthStatusLabel status={row.status} /> : '—',
      },
      {
        title: 'Lag',
        field: 'lagSeconds',
        render: row => formatDuration(row.lagSeconds),
      },
      {
        title: 'Shards (desired / max)',
        field: 'shardsDesired',
        render: row => <Shards row={row} />,
      },
      {
        title: 'Last seen',
        field: 'lastSeen',
        render: row => formatTimeAgo(row.lastSeen),
      },
      {
        title: 'Series per scrape',
        field: 'seriesPerScrape',
        render: row => formatCount(row.seriesPerScrape),
      },
      {
        title: 'Problems',
        field: 'problemCount',
        render: row =>
          row.problemCount ? (
            <StatusError>{row.problemCount}</StatusError>
          ) : (
            '—'
          ),
      },
    ],
    [monitoringLink],
  );

  return (
    <Table<ClusterRow>
      tableRef={tableRef}
      title={`Clusters (${
        rows.length === total ? total : `${rows.length} of ${total}`
      })`}
      columns={columns}
      data={fetchPage}
      options={{
        paging: true,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: false,
        padding: 'dense',
        emptyRowsWhenPaging: false,
        thirdSortClick: false,
      }}
      localization={{
        body: {
          emptyDataSourceMessage: 'No cluster matches the search and filters.',
        },
      }}
    />
  );
}
