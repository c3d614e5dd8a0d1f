import { ClusterView } from 'backstage-plugin-prometheus-fleet-common';
import { edgeCluster, queueHealth } from '../../testUtils/fixtures';
import { NO_FILTERS, filterRows, sortRows, toRows } from './clusterRows';

function edge(
  name: string,
  lagSeconds: number | null,
  extra: Partial<ClusterView> = {},
) {
  return edgeCluster({
    name,
    ref: `resource:default/${name}`,
    clusterLabel: name,
    health: queueHealth({ lagSeconds }),
    ...extra,
  });
}

const rows = toRows([
  edge('edge-10', 30),
  edge('edge-9', null),
  edge('edge-2', 5, { owner: 'group:default/team-b' }),
]);
const names = (list: { displayName: string }[]) =>
  list.map(row => row.displayName);

describe('cluster rows', () => {
  it('sorts names naturally', () => {
    expect(names(sortRows(rows, 'displayName', 'asc'))).toEqual([
      'edge-2',
      'edge-9',
      'edge-10',
    ]);
  });

  it('finds edges by tenant: one label in two tenants', () => {
    const tenanted = toRows([
      edge('shared-a', 1, { clusterLabel: 'shared', tenant: 'team-a' }),
      edge('shared-b', 1, { clusterLabel: 'shared', tenant: 'team-b' }),
    ]);
    expect(names(filterRows(tenanted, NO_FILTERS, 'shared team-b'))).toEqual([
      'shared-b',
    ]);
    expect(tenanted.map(row => row.tenant)).toEqual(['team-a', 'team-b']);
  });

  it('keeps missing values last in both directions', () => {
    expect(names(sortRows(rows, 'lagSeconds', 'asc'))).toEqual([
      'edge-2',
      'edge-10',
      'edge-9',
    ]);
    expect(names(sortRows(rows, 'lagSeconds', 'desc'))).toEqual([
      'edge-10',
      'edge-2',
      'edge-9',
    ]);
  });

  it("sorts by the series per scrape the edge's global holds, edges never polled last", () => {
    const withSeries = (name: string, seriesPerScrape: number) =>
      edgeCluster({
        name,
        ref: `resource:default/${name}`,
        health: queueHealth({
          receiver: {
            targetsUp: 3,
            targetsDown: 0,
            seriesPerScrape,
            newestSampleAt: null,
          },
        }),
      });
    const byLoad = toRows([
      withSeries('edge-small', 900),
      edge('edge-unpolled', null, { health: undefined }),
      withSeries('edge-big', 120_000),
    ]);
    expect(byLoad.map(row => row.seriesPerScrape)).toEqual([
      900,
      null,
      120_000,
    ]);
    expect(names(sortRows(byLoad, 'seriesPerScrape', 'desc'))).toEqual([
      'edge-big',
      'edge-small',
      'edge-unpolled',
    ]);
  });

  it('matches every search term, case-insensitively', () => {
    expect(names(filterRows(rows, NO_FILTERS, 'EDGE TEAM-B'))).toEqual([
      'edge-2',
    ]);
    expect(names(filterRows(rows, NO_FILTERS, ''))).toHaveLength(3);
  });
});
