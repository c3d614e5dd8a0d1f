import { EdgeHealthSample } from './edgeSamples';
import { EdgeLabels, EdgeStatusLabels } from './names';

/** One value an observable gauge reports, with its series' labels. */
export interface Observation<TLabels> {
  value: number;
  attributes: TLabels;
}

/** 1 on each edge's series for its current status. */
export function statusObservations(
  samples: readonly EdgeHealthSample[],
): Observation<EdgeStatusLabels>[] {
  return samples.map(({ labels, status }) => ({
    value: 1,
    attributes: { ...labels, status },
  }));
}

/** Each edge's lag, in seconds; none for an edge whose lag is not known. */
export function lagObservations(
  samples: readonly EdgeHealthSample[],
): Observation<EdgeLabels>[] {
  return samples.flatMap(({ labels, lagSeconds }) =>
    lagSeconds === null ? [] : [{ value: lagSeconds, attributes: labels }],
  );
}

/**
 * How long ago, at `nowMs`, each edge's global last received a sample from
 * it, in seconds (never below 0, whatever the clocks say); none for an edge
 * never seen. It grows between polls, and keeps growing if polling stops.
 */
export function lastSeenAgeObservations(
  samples: readonly EdgeHealthSample[],
  nowMs: number,
): Observation<EdgeLabels>[] {
  return samples.flatMap(({ labels, lastSeenMs }) =>
    lastSeenMs === null
      ? []
      : [
          {
            value: Math.max(0, (nowMs - lastSeenMs) / 1000),
            attributes: labels,
          },
        ],
  );
}
