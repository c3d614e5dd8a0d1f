import { Observation } from './observations';

function keyOf(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map(key => [key, labels[key]]),
  );
}

/**
 * The series an observable gauge reported at its last collection, so that
 * one it no longer reports (an edge whose status changed, whose lag is no
 * longer known, or that left the fleet) is reported once more at the
 * retired value, and then no more.
 *
 * A Prometheus exporter reads cumulative data, and the OpenTelemetry SDK
 * keeps exporting the last value of every series an asynchronous
 * instrument ever reported: without this, an edge once `healthy` and now
 * `silent` would export both at 1. Retired, the old status reads 0 and a
 * value no longer known reads NaN, which no comparison in an alert matches.
 */
export class RetiringSeries<TLabels extends Record<string, string>> {
  readonly #retiredValue: number;
  #last = new Map<string, TLabels>();

  constructor(retiredValue: number) {
    this.#retiredValue = retiredValue;
  }

  /** The observations to report now: the current ones, then the retired ones. */
  next(current: Observation<TLabels>[]): Observation<TLabels>[] {
    const reported = new Map<string, TLabels>();
    for (const { attributes } of current) {
      reported.set(keyOf(attributes), attributes);
    }
    const retired: Observation<TLabels>[] = [];
    for (const [key, attributes] of this.#last) {
      if (!reported.has(key)) {
        retired.push({ value: this.#retiredValue, attributes });
      }
    }
    this.#last = reported;
    return [...current, ...retired];
  }
}
