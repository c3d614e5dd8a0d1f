import {
  FetchPrometheusQueryClient,
  QueryEndpointConfig,
} from 'backstage-plugin-prometheus-fleet-node';
import { QueueHealthQuery } from 'backstage-plugin-prometheus-fleet-common';

/**
 * The poller's queries narrowed to one cluster, as a per-entity plugin sends
 * them: every selector gets `cluster="<label>"`.
 */
export function perClusterQueries(
  queries: readonly QueueHealthQuery[],
  cluster: string,
): QueueHealthQuery[] {
  const matcher = `{cluster=${JSON.stringify(cluster)}}`;
  // Every selector of the fleet queries is a bare metric name, with or without a range.
  const selector =
    /\b(prometheus_remote_storage_\w+|up|scrape_samples_post_metric_relabeling)\b(?![{(\w])/g;
  return queries.map(({ id, promql }) => {
    const selectors = (promql.match(selector) ?? []).length;
    const narrowed = promql.replace(selector, `$1${matcher}`);
    if (selectors === 0 || narrowed.split(matcher).length - 1 !== selectors) {
      throw new Error(
        `Could not narrow the ${id} query to one cluster: ${promql}`,
      );
    }
    return { id, promql: narrowed };
  });
}

export interface PerClusterResult {
  /** Clusters actually polled. */
  sampled: number;
  queries: number;
  wallSeconds: number;
  /** Prometheus CPU seconds spent meanwhile. */
  prometheusCpuSeconds: number;
  /** Series returned, to check the narrowed queries find what the fleet queries find. */
  seriesReturned: number;
}

/**
 * Polls a sample of clusters one set of queries each, the set's queries at
 * once like the poller's, `concurrency` clusters at a time, on the same
 * endpoint and with the same client as the poller.
 */
export async function pollPerCluster(options: {
  endpoint: QueryEndpointConfig;
  queries: readonly QueueHealthQuery[];
  clusters: readonly string[];
  concurrency: number;
  prometheusCpuSeconds: () => number;
}): Promise<PerClusterResult> {
  const client = new FetchPrometheusQueryClient();
  const time = new Date();
  let next = 0;
  let queries = 0;
  let seriesReturned = 0;
  const cpuBefore = options.prometheusCpuSeconds();
  const started = performance.now();
  const worker = async () => {
    while (next < options.clusters.length) {
      const cluster = options.clusters[next++];
      const answers = await Promise.all(
        perClusterQueries(options.queries, cluster).map(query =>
          client.instantQuery(options.endpoint, { promql: query.promql, time }),
        ),
      );
      queries += answers.length;
      for (const answer of answers) seriesReturned += answer.data.result.length;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    sampled: options.clusters.length,
    queries,
    wallSeconds: (performance.now() - started) / 1000,
    prometheusCpuSeconds: options.prometheusCpuSeconds() - cpuBefore,
    seriesReturned,
  };
}
