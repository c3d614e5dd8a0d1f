import { QUANTITY_LABEL, QUEUE_HEALTH_QUANTITIES } from './queries';
import { higher } from './timestamps';
import { ReceiverSamples } from './types';

type ReceiverQuantity = (typeof QUEUE_HEALTH_QUANTITIES.receiver)[number];
type Readings = Partial<Record<ReceiverQuantity, number | null>>;

const RECEIVER_QUANTITIES: readonly string[] = QUEUE_HEALTH_QUANTITIES.receiver;

/** What the global holds of a cluster none of whose scrapes it received. */
export const NO_RECEIVED_SCRAPES: Readonly<ReceiverSamples> = Object.freeze({
  targetsUp: 0,
  targetsDown: 0,
  seriesPerScrape: null,
  newestSample: null,
});

/** The `receiver` query's series, gathered by cluster. */
export class ReceiverTally {
  readonly #byCluster = new Map<string, Readings>();

  add(labels: Record<string, string>, value: number | null): void {
    const quantity = labels[QUANTITY_LABEL];
    if (!RECEIVER_QUANTITIES.includes(quantity)) return;
    let readings = this.#byCluster.get(labels.cluster);
    if (!readings) {
      readings = {};
      this.#byCluster.set(labels.cluster, readings);
    }
    const field = quantity as ReceiverQuantity;
    readings[field] = higher(readings[field], value);
  }

  clusters(): Iterable<string> {
    return this.#byCluster.keys();
  }

  /** Targets are counted only where there are some: none read as zero. */
  of(cluster: string): ReceiverSamples {
    const readings = this.#byCluster.get(cluster);
    if (!readings) return { ...NO_RECEIVED_SCRAPES };
    return {
      targetsUp: readings.targets_up ?? 0,
      targetsDown: readings.targets_down ?? 0,
      seriesPerScrape: readings.series_per_scrape ?? null,
      newestSample: readings.newest_sample ?? null,
    };
  }
}
