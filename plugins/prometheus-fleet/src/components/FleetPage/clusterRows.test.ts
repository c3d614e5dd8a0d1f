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

  it('matches every search term, case-insensitively', () => {
    expect(names(filterRows(rows, NO_FILTERS, 'EDGE TEAM-B'))).toEqual([
      'edge-2',
    ]);
    expect(names(filterRows(rows, NO_FILTERS, ''))).toHaveLength(3);
  });
});
