import { ObservationBuilder, isQueueQuantity } from './observation';
import { QUANTITY_LABEL, RULES_INFO_QUANTITY } from './queries';
import {
  RECORDED_LAG_QUANTITY,
  RECORDED_LAST_REPORT_QUANTITY,
  RECORDED_QUEUE_HEALTH_QUERIES,
  RecordedQueueHealthQuery,
} from './recordedQueries';
import { QueueHealthObservation } from './types';
import { isRecord, readVector } from './vector';

/**
 * The JSON bodies of the recorded queries' responses, by query id;
 * `undefined` where the request itself failed.
 *
 * @public
 */
export type RecordedQueueHealthResponses = Partial<
  Record<RecordedQueueHealthQuery['id'], unknown>
>;

/** Timestamps are whole milliseconds: what is finer is float noise, as on the raw path. */
const toMilliseconds = (seconds: number | null) =>
  seconds === null ? null : Math.round(seconds * 1000) / 1000;

function readQueueSeries(
  observation: ObservationBuilder,
  labels: Record<string, string>,
  value: number | null,
) {
  const quantity = labels[QUANTITY_LABEL];
  if (!labels.cluster || !isQueueQuantity(quantity)) return;
  observation.queue(
    labels.cluster,
    labels.remote_name ?? '',
    labels.url ?? '',
    quantity,
    value,
  );
}

/** Each cluster's lag per queue, last report and receiver view, and the rules info. */
function readClusterSeries(
  observation: ObservationBuilder,
  labels: Record<string, string>,
  value: number | null,
) {
  const quantity = labels[QUANTITY_LABEL];
  if (quantity === RULES_INFO_QUANTITY) {
    observation.rulesInfo(labels);
    return;
  }
  const { cluster } = labels;
  if (!cluster) return;
  if (quantity === RECORDED_LAST_REPORT_QUANTITY) {
    observation.lastSeen(cluster, value);
  } else if (quantity === RECORDED_LAG_QUANTITY) {
    observation.queue(
      cluster,
      labels.remote_name ?? '',
      labels.url ?? '',
      'lag',
      toMilliseconds(value),
    );
  } else {
    observation.receiver(labels, value);
  }
}

/**
 * Turns the recorded queries' responses into the per-edge samples the raw
 * queries would give, for the same classification. Never throws; a failed
 * query is a failure of each raw query it stands for.
 *
 * @public
 */
export function parseRecordedResponses(
  responses: RecordedQueueHealthResponses,
): QueueHealthObservation {
  const bodies: RecordedQueueHealthResponses = isRecord(responses)
    ? responses
    : {};
  const observation = new ObservationBuilder();
  for (const query of RECORDED_QUEUE_HEALTH_QUERIES) {
    const vector = readVector(query.covers[0], bodies[query.id], query.id);
    if (!Array.isArray(vector)) {
      for (const covered of query.covers) {
        observation.failed({ ...vector, query: covered });
      }
      continue;
    }
    query.covers.forEach(covered => observation.answered(covered));
    if (query.id === 'recordedClusters') observation.rulesInfoAnswered();
    for (const { labels, value } of vector) {
      if (query.id === 'recordedQueues') {
        readQueueSeries(observation, labels, value);
      } else {
        readClusterSeries(observation, labels, value);
      }
    }
  }
  return observation.build();
}
