import { QueueHealthQuery } from 'backstage-plugin-prometheus-fleet-common';
import { median } from './fleetApiLoad';
import { sendQuery } from './sendQuery';

const RANGE_SELECTOR = /(prometheus_remote_storage_\w+)\[(\w+)\]/g;
/** The receiver view reads what every scrape writes, at the evaluation time only. */
const INSTANT_SELECTOR =
  /\b(up|scrape_samples_post_metric_relabeling)\b(?!\s*\[)/g;

/** The distinct selections of one query, each answered by a single count. */
function selectionCounts(promql: string): string[] {
  const ranges = [...promql.matchAll(RANGE_SELECTOR)].map(
    ([, metric, window]) => `count(count_over_time(${metric}[${window}]))`,
  );
  const instants = [...promql.matchAll(INSTANT_SELECTOR)].map(
    ([, metric]) => `count(${metric})`,
  );
  return [...new Set([...ranges, ...instants])];
}

/**
 * Each query of the cycle reduced to reading the series it reads, over the
 * same windows, and answering one number: what the global cannot avoid
 * spending on a cycle, however the quantities are grouped and answered.
 */
export function selectionFloorQueries(
  queries: QueueHealthQuery[],
): QueueHealthQuery[] {
  return queries.map(query => ({
    id: query.id,
    promql: selectionCounts(query.promql).join(' or '),
  }));
}

export interface SelectionFloor {
  /** Median of the rounds: the floor queries sent at once, as the poller sends its own. */
  wallSeconds: number;
  prometheusCpuSeconds: number;
}

/** Sends the floor queries at once, `rounds` times. */
export async function measureSelectionFloor(options: {
  url: string;
  queries: QueueHealthQuery[];
  rounds: number;
  prometheusCpuSeconds: () => number;
}): Promise<SelectionFloor> {
  const floorQueries = selectionFloorQueries(options.queries);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const cpu = options.prometheusCpuSeconds();
    const started = performance.now();
    await Promise.all(floorQueries.map(query => sendQuery(options.url, query)));
    walls.push((performance.now() - started) / 1000);
    cpus.push(options.prometheusCpuSeconds() - cpu);
  }
  return { wallSeconds: median(walls), prometheusCpuSeconds: median(cpus) };
}
