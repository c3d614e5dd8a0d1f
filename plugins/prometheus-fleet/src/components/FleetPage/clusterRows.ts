import { healthSeverity } from '../shared/health';
import {
  ClusterRole,
  ClusterView,
  GlobalRulesState,
  HealthStatus,
} from 'backstage-plugin-prometheus-fleet-common';

/** One table row: the flat fields the table sorts and filters on. */
export interface ClusterRow {
  ref: string;
  displayName: string;
  clusterLabel: string;
  /** Edges at a global with tenants, when the catalog names one. */
  tenant?: string;
  role: ClusterRole;
  global?: string;
  /** False when the viewer may not read the global. */
  globalReadable?: false;
  owner?: string;
  status?: HealthStatus;
  /** Globals only: whether it runs the generated rules, once a poll could tell. */
  rules?: GlobalRulesState;
  lagSeconds: number | null;
  shardsDesired: number | null;
  shardsMax: number | null;
  lastSeen: string | null;
  /** What its global holds of its scrapes: series per scrape, all targets. */
  seriesPerScrape: number | null;
  problemCount: number;
  /** Lower-cased text the search box matches against. */
  searchText: string;
}

/** `none` selects the clusters without queue health (globals, not yet polled edges). */
export type StatusFilter = HealthStatus | 'none' | '';

export interface SelectFilters {
  status: StatusFilter;
  global: string;
  owner: string;
}

export const NO_FILTERS: SelectFilters = { status: '', global: '', owner: '' };

export function toRows(clusters: readonly ClusterView[]): ClusterRow[] {
  return clusters.map(cluster => {
    const displayName = cluster.title ?? cluster.name;
    return {
      ref: cluster.ref,
      displayName,
      clusterLabel: cluster.clusterLabel,
      tenant: cluster.tenant,
      role: cluster.role,
      global: cluster.global,
      globalReadable: cluster.globalReadable,
      owner: cluster.owner,
      status: cluster.health?.status,
      rules: cluster.rules?.state,
      lagSeconds: cluster.health?.lagSeconds ?? null,
      shardsDesired: cluster.health?.shards.desired ?? null,
      shardsMax: cluster.health?.shards.max ?? null,
      lastSeen: cluster.health?.lastSeen ?? null,
      seriesPerScrape: cluster.health?.receiver?.seriesPerScrape ?? null,
      problemCount: cluster.problems.length,
      searchText: [
        displayName,
        cluster.name,
        cluster.clusterLabel,
        cluster.tenant,
        cluster.ref,
        cluster.global,
        cluster.owner,
      ]
        .filter(Boolean)
        .join(' ')
        // Not toLocaleLowerCase: its ICU path took 100 ms of a 10,000-cluster page load.
        .toLowerCase(),
    };
  });
}

export function filterRows(
  rows: readonly ClusterRow[],
  filters: SelectFilters,
  search: string,
): ClusterRow[] {
  const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter(
    row =>
      (!filters.status || (row.status ?? 'none') === filters.status) &&
      (!filters.global || row.global === filters.global) &&
      (!filters.owner || row.owner === filters.owner) &&
      terms.every(term => row.searchText.includes(term)),
  );
}

export function distinctSorted(
  values: ReadonlyArray<string | undefined>,
): string[] {
  return [
    ...new Set(values.filter((value): value is string => !!value)),
  ].sort();
}

export type SortField =
  | 'displayName'
  | 'role'
  | 'global'
  | 'owner'
  | 'status'
  | 'lagSeconds'
  | 'shardsDesired'
  | 'lastSeen'
  | 'seriesPerScrape'
  | 'problemCount';

function shardPressure(row: ClusterRow): number | null {
  return row.shardsDesired !== null && row.shardsMax
    ? row.shardsDesired / row.shardsMax
    : null;
}

const SORT_KEYS: Record<
  SortField,
  (row: ClusterRow) => string | number | null
> = {
  displayName: row => row.displayName,
  role: row => row.role,
  global: row => row.global ?? null,
  owner: row => row.owner ?? null,
  status: row => (row.status ? healthSeverity(row.status) : null),
  lagSeconds: row => row.lagSeconds,
  shardsDesired: shardPressure,
  lastSeen: row => (row.lastSeen ? Date.parse(row.lastSeen) : null),
  seriesPerScrape: row => row.seriesPerScrape,
  problemCount: row => row.problemCount,
};

const collator = new Intl.Collator('en', { numeric: true });

/**
 * Sorts on precomputed keys (a 10,000-row fleet sorts in milliseconds);
 * clusters without a value come last in both directions.
 */
export function sortRows(
  rows: readonly ClusterRow[],
  field: SortField,
  direction: 'asc' | 'desc',
): ClusterRow[] {
  const keyOf = SORT_KEYS[field];
  const sign = direction === 'desc' ? -1 : 1;
  return rows
    .map(row => ({ row, key: keyOf(row) }))
    .sort((a, b) => {
      if (a.key === null || b.key === null) {
        return (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0);
      }
      const order =
        typeof a.key === 'string'
          ? collator.compare(a.key, String(b.key))
          : a.key - (b.key as number);
      return sign * order;
    })
    .map(({ row }) => row);
}
