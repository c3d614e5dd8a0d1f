import { QueueHealthQueryId } from './queries';
import { QueueQueryFailure } from './types';

export interface VectorSample {
  labels: Record<string, string>;
  value: number | null;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** NaN, ±Inf and anything unreadable carry no usable number. */
function sampleValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function readSample(item: unknown): VectorSample | undefined {
  if (!isRecord(item) || !isRecord(item.metric) || !Array.isArray(item.value)) {
    return undefined;
  }
  const { metric, value } = item;
  if (value.length !== 2 || typeof value[0] !== 'number') return undefined;
  for (const label in metric) {
    if (typeof metric[label] !== 'string') return undefined;
  }
  return {
    labels: metric as Record<string, string>,
    value: sampleValue(value[1]),
  };
}

/**
 * The samples of an instant-vector query response, or why there are none.
 * Failures are named after `query`, the raw query whose data is missing.
 */
export function readVector(
  query: QueueHealthQueryId,
  body: unknown,
  queryName: string = query,
): VectorSample[] | QueueQueryFailure {
  const invalid = (why: string): QueueQueryFailure => ({
    query,
    kind: 'invalid-response',
    message: `The ${queryName} query returned ${why}.`,
  });
  if (body === undefined || body === null) {
    return {
      query,
      kind: 'no-response',
      message: `The ${queryName} query got no response.`,
    };
  }
  if (!isRecord(body)) return invalid('something other than a JSON object');
  if (body.status === 'error') {
    const type =
      typeof body.errorType === 'string' ? `${body.errorType}: ` : '';
    const error = typeof body.error === 'string' ? body.error : 'no message';
    return {
      query,
      kind: 'query-error',
      message: `The ${queryName} query failed: ${type}${error}`,
    };
  }
  if (body.status !== 'success' || !isRecord(body.data)) {
    return invalid('no status "success" with data');
  }
  if (body.data.resultType !== 'vector') {
    return invalid(
      `a ${
        JSON.stringify(body.data.resultType) ?? 'missing'
      } result instead of a vector`,
    );
  }
  if (!Array.isArray(body.data.result))
    return invalid('a vector without a result list');
  const samples: VectorSample[] = [];
  for (const item of body.data.result) {
    const sample = readSample(item);
    if (!sample)
      return invalid(
        'a sample that is not { metric, value: [time, "number"] }',
      );
    samples.push(sample);
  }
  return samples;
}
