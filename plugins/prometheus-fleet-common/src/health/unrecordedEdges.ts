import { parseQueueHealthResponses, QueueHealthResponses } from './parse';
import {
  QUANTITY_LABEL,
  QUEUE_HEALTH_QUERY_IDS,
  QueueHealthQueryOptions,
  rawQueries,
} from './queries';
import { QUERY_OF_QUANTITY } from './observation';
import { QueueHealthObservation } from './types';
import { isRecord } from './vector';

/**
 * The raw queries as one, restricted to these clusters: the recorded path's
 * fallback for the global's edges the recorded series do not hold (one that
 * began writing since the rules last ran, or one that never wrote). Its cost
 * is the few series of those clusters, which Prometheus finds through its
 * index.
 *
 * @param clusters - `cluster` label values, at least one
 * @public
 */
export function buildUnrecordedEdgesQuery(
  clusters: readonly string[],
  options: QueueHealthQueryOptions = {},
): string {
  return rawQueries(options, clusters)
    .map(query => query.promql)
    .join(' or ');
}

/** The response's samples, as the responses of the raw queries they belong to. */
function byRawQuery(body: unknown): QueueHealthResponses {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  if (
    !isRecord(body) ||
    body.status !== 'success' ||
    !data ||
    !Array.isArray(data.result)
  ) {
    // Whatever went wrong went wrong for every query it stands for.
    return Object.fromEntries(QUEUE_HEALTH_QUERY_IDS.map(id => [id, body]));
  }
  const results = new Map(
    QUEUE_HEALTH_QUERY_IDS.map(id => [id, [] as unknown[]]),
  );
  for (const item of data.result) {
    const quantity =
      isRecord(item) && isRecord(item.metric)
        ? item.metric[QUANTITY_LABEL]
        : undefined;
    const query =
      typeof quantity === 'string'
        ? QUERY_OF_QUANTITY.get(quantity)
        : undefined;
    if (query) results.get(query)!.push(item);
  }
  return Object.fromEntries(
    [...results].map(([id, result]) => [
      id,
      { ...body, data: { ...data, result } },
    ]),
  );
}

const failedIn = (observation: QueueHealthObservation) =>
  observation.failures.map(f => f.query);

/**
 * The recorded path's observation, with what the fallback found of the
 * edges the recorded series lack. The fallback's failures count for those
 * edges only; the others were read from the recorded series.
 *
 * @param fallback - the fallback query's response body, or undefined when
 *   the request failed
 * @public
 */
export function withUnrecordedEdges(
  recorded: QueueHealthObservation,
  fallback: unknown,
): QueueHealthObservation {
  const found = parseQueueHealthResponses(byRawQuery(fallback));
  const edges = new Map(recorded.edges);
  for (const [cluster, samples] of found.edges) {
    if (!edges.has(cluster)) {
      edges.set(cluster, {
        ...samples,
        failedQueries: [
          ...new Set([...samples.failedQueries, ...failedIn(recorded)]),
        ],
      });
    }
  }
  return {
    ...recorded,
    edges,
    failures: [...recorded.failures, ...found.failures],
  };
}
