import {
  ObservationBuilder,
  isQueueQuantity,
  QUERY_OF_QUANTITY,
} from './observation';
import {
  QUANTITY_LABEL,
  QUEUE_HEALTH_QUERY_IDS,
  QueueHealthQueryId,
  RULES_INFO_QUANTITY,
} from './queries';
import { NO_RECEIVED_SCRAPES } from './receiver';
import { TimestampJoin } from './timestamps';
import { EdgeSamples, QueueHealthObservation } from './types';
import { isRecord, readVector } from './vector';

/**
 * The JSON bodies of one cycle's `/api/v1/query` responses, by query id;
 * `undefined` where the request itself failed.
 *
 * @public
 */
export type QueueHealthResponses = Partial<Record<QueueHealthQueryId, unknown>>;

/**
 * Turns one cycle's query responses into per-edge samples. Never throws: a
 * query that failed or returned something unreadable is reported in
 * `failures` (and in each edge's `failedQueries`), and the others still count.
 * Series without a `cluster` label cannot belong to an edge and are skipped.
 *
 * @public
 */
export function parseQueueHealthResponses(
  responses: QueueHealthResponses,
): QueueHealthObservation {
  const bodies: QueueHealthResponses = isRecord(responses) ? responses : {};
  const observation = new ObservationBuilder();
  const timestamps = new TimestampJoin();

  for (const query of QUEUE_HEALTH_QUERY_IDS) {
    const vector = readVector(query, bodies[query]);
    if (!Array.isArray(vector)) {
      observation.failed(vector);
      continue;
    }
    observation.answered(query);
    if (query === 'receiver') observation.rulesInfoAnswered();
    for (const { labels, value } of vector) {
      const quantity = labels[QUANTITY_LABEL];
      if (query === 'receiver' && quantity === RULES_INFO_QUANTITY) {
        observation.rulesInfo(labels);
        continue;
      }
      if (!labels.cluster) continue;
      if (query === 'timestamps') {
        timestamps.add(labels, value);
      } else if (query === 'receiver') {
        observation.receiver(labels, value);
      } else if (
        // Past the timestamps and the receiver, every quantity a query returns is a queue's.
        isQueueQuantity(quantity) &&
        QUERY_OF_QUANTITY.get(quantity) === query
      ) {
        observation.queue(
          labels.cluster,
          labels.remote_name ?? '',
          labels.url ?? '',
          quantity,
          value,
        );
      }
    }
  }

  // A queue's lag is its worst server's.
  for (const { cluster, remoteName, url, lagSeconds } of timestamps.lags()) {
    observation.queue(cluster, remoteName, url, 'lag', lagSeconds);
  }
  for (const [cluster, lastSeen] of timestamps.lastSeen()) {
    observation.lastSeen(cluster, lastSeen);
  }
  return observation.build();
}

/**
 * One edge's samples from a cycle, empty when its global holds nothing from
 * it (so the edge reads silent, or unknown where the queries failed).
 *
 * @public
 */
export function edgeSamplesFor(
  observation: QueueHealthObservation,
  cluster: string,
): EdgeSamples {
  return (
    observation.edges.get(cluster) ?? {
      cluster,
      queues: [],
      lastSeen: null,
      receiver: observation.failures.some(f => f.query === 'receiver')
        ? null
        : { ...NO_RECEIVED_SCRAPES },
      failedQueries: observation.failures.map(f => f.query),
    }
  );
}
