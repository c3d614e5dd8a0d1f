import { QueueHealthQuery } from 'backstage-plugin-prometheus-fleet-common';

const RANGE_SELECTOR = /(prometheus_remote_storage_\w+)\[(\w+)\]/g;

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
    promql: [...query.promql.matchAll(RANGE_SELECTOR)]
      .map(
        ([, metric, window]) => `count(count_over_time(${metric}[${window}]))`,
      )
      .join(' or '),
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
    await Promise.all(
      floorQueries.map(async query => {
        const response = await fetch(`${options.url}/api/v1/query`, {
          method: 'POST',
          body: new URLSearchParams({ query: query.promql }),
        });
        const text = await response.text();
        if (!response.ok) {
          throw new Error(`The ${query.id} floor query failed: ${text}`);
        }
      }),
    );
    walls.push((performance.now() - started) / 1000);
    cpus.push(options.prometheusCpuSeconds() - cpu);
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { wallSeconds: median(walls), prometheusCpuSeconds: median(cpus) };
}
