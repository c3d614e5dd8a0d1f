import { buildQueueHealthQueries } from 'backstage-plugin-prometheus-fleet-common';
// The bench is a folder of scripts, not a package to import from.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { selectionFloorQueries } from '../../../bench/lib/selectionFloor';

const rangeSelectors = (promql: string) =>
  [...promql.matchAll(/prometheus_remote_storage_\w+\[\w+\]/g)]
    .map(([selector]) => selector)
    .sort();

describe('selectionFloorQueries', () => {
  const cycle = buildQueueHealthQueries({ window: 120, lastSeenWindow: 1800 });
  const floor = selectionFloorQueries(cycle);

  it('reads every series of each cycle query over the same window, and nothing else', () => {
    expect(floor.map(q => q.id)).toEqual(cycle.map(q => q.id));
    for (const [i, query] of floor.entries()) {
      expect(rangeSelectors(query.promql)).toEqual(
        rangeSelectors(cycle[i].promql),
      );
    }
    expect(rangeSelectors(floor[0].promql)).toContain(
      'prometheus_remote_storage_highest_timestamp_in_seconds[30m]',
    );
  });

  it('answers counts only: no grouping, no series', () => {
    for (const query of floor) {
      expect(query.promql).not.toMatch(/\bby\b|label_replace/);
      expect(query.promql).toMatch(/^count\(/);
    }
  });

  it('reads the series of the receiver view once each, at the evaluation time', () => {
    expect(floor.find(q => q.id === 'receiver')?.promql).toBe(
      'count(up) or count(scrape_samples_post_metric_relabeling)',
    );
  });
});
