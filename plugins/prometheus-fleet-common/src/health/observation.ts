import type { FleetRulesInfo } from '../rules/rulesInfo';
import {
  QUEUE_HEALTH_QUANTITIES,
  QUEUE_HEALTH_QUERY_IDS,
  QueueHealthQuantity,
  QueueHealthQueryId,
} from './queries';
import { ReceiverTally } from './receiver';
import { higher } from './timestamps';
import {
  EdgeQueueSample,
  EdgeSamples,
  QueueHealthObservation,
  QueueQueryFailure,
} from './types';

type QueueQuantity = Exclude<
  QueueHealthQuantity,
  | (typeof QUEUE_HEALTH_QUANTITIES.timestamps)[number]
  | (typeof QUEUE_HEALTH_QUANTITIES.receiver)[number]
>;
/** What is known of a queue; `lag` is worked out from the timestamps, or recorded. */
export type QueueField = QueueQuantity | 'lag';

/** Which raw query returns each quantity. */
export const QUERY_OF_QUANTITY = new Map<string, QueueHealthQueryId>(
  QUEUE_HEALTH_QUERY_IDS.flatMap(id =>
    QUEUE_HEALTH_QUANTITIES[id].map(quantity => [quantity, id] as const),
  ),
);

/** Quantities of a queue, as distinct from a server's timestamps or a cluster's receiver view. */
export function isQueueQuantity(quantity: string): quantity is QueueQuantity {
  const query = QUERY_OF_QUANTITY.get(quantity);
  return query !== undefined && query !== 'timestamps' && query !== 'receiver';
}

/**
 * Rates the queries return only where above zero: once their query answered,
 * a queue without them has none.
 */
const ABOVE_ZERO_ONLY = ['failed', 'retried', 'dropped'] as const;

/** What the queries said about one queue, field by field: undefined where they said nothing. */
interface QueueReadings {
  remoteName: string;
  url: string;
  values: Record<QueueField, number | null | undefined>;
}

/** All fields from the start: one object shape for every queue. */
const noReadings = (): QueueReadings['values'] => ({
  lag: undefined,
  shards: undefined,
  pending: undefined,
  desired_shards: undefined,
  max_shards: undefined,
  sent: undefined,
  failed: undefined,
  retried: undefined,
  dropped: undefined,
});

function toQueueSample(
  { remoteName, url, values }: QueueReadings,
  answered: ReadonlySet<QueueHealthQueryId>,
): EdgeQueueSample {
  const get = (field: QueueField) => values[field] ?? null;
  const rate = (field: (typeof ABOVE_ZERO_ONLY)[number]) => {
    if (values[field] !== undefined) return get(field);
    return answered.has(QUERY_OF_QUANTITY.get(field)!) ? 0 : null;
  };
  return {
    remoteName,
    url,
    lagSeconds: get('lag'),
    shards: {
      current: get('shards'),
      desired: get('desired_shards'),
      max: get('max_shards'),
    },
    pendingSamples: get('pending'),
    sentRate: get('sent'),
    failedRate: rate('failed'),
    retriedRate: rate('retried'),
    droppedRate: rate('dropped'),
  };
}

/**
 * Gathers what one cycle's queries said, raw or recorded, into per-edge
 * samples. What the raw and the recorded series say the same way goes
 * through the same code, so both paths classify alike.
 */
export class ObservationBuilder {
  readonly #answered = new Set<QueueHealthQueryId>();
  readonly #failures: QueueQueryFailure[] = [];
  /** By cluster, remote name and URL. */
  readonly #queues = new Map<string, Map<string, Map<string, QueueReadings>>>();
  readonly #lastSeen = new Map<string, number | null>();
  readonly #receiver = new ReceiverTally();
  #rulesInfo: FleetRulesInfo | null | undefined;

  answered(query: QueueHealthQueryId): void {
    this.#answered.add(query);
  }

  failed(failure: QueueQueryFailure): void {
    this.#failures.push(failure);
  }

  /** Duplicate series keep the worst (highest) value. */
  queue(
    cluster: string,
    remoteName: string,
    url: string,
    field: QueueField,
    value: number | null,
  ): void {
    const { values } = this.#queueOf(cluster, remoteName, url);
    values[field] = higher(values[field], value);
  }

  /**
   * A timestamp of 0 is not a sample: an agent reports its highest timestamp
   * as 0 until it has appended one, so its first report reads "not seen yet"
   * rather than "last seen in 1970".
   */
  lastSeen(cluster: string, value: number | null): void {
    const seen = value !== null && value > 0 ? value : null;
    this.#lastSeen.set(cluster, higher(this.#lastSeen.get(cluster), seen));
  }

  receiver(labels: Record<string, string>, value: number | null): void {
    this.#receiver.add(labels, value);
  }

  /** A query that reads the global's rules info series answered. */
  rulesInfoAnswered(): void {
    this.#rulesInfo ??= null;
  }

  /** A `prometheus_fleet:rules_info` series: the global evaluates generated rules. */
  rulesInfo(labels: Record<string, string>): void {
    this.#rulesInfo = {
      version: labels.version ?? '',
      window: labels.window ?? '',
      lastReportWindow: labels.last_report_window ?? '',
    };
  }

  build(): QueueHealthObservation {
    const answered = this.#answered;
    const failures = this.#failures;
    const failedQueries = failures.map(f => f.query);
    const clusters = [
      ...new Set([
        ...this.#queues.keys(),
        ...this.#lastSeen.keys(),
        ...this.#receiver.clusters(),
      ]),
    ].sort();
    const receiverOf = (cluster: string) =>
      answered.has('receiver') ? this.#receiver.of(cluster) : null;
    // A sender without queue metrics is last seen at its newest scrape; whether
    // it has queue metrics is known only once their timestamps answered.
    const newestScrapeUnlessUnknown = (cluster: string) =>
      answered.has('timestamps')
        ? receiverOf(cluster)?.newestSample ?? null
        : null;
    const edges = new Map<string, EdgeSamples>(
      clusters.map(cluster => [
        cluster,
        {
          cluster,
          queues: [...(this.#queues.get(cluster)?.values() ?? [])]
            .flatMap(byUrl => [...byUrl.values()])
            .map(readings => toQueueSample(readings, answered))
            .sort(
              (a, b) =>
                a.remoteName.localeCompare(b.remoteName) ||
                a.url.localeCompare(b.url),
            ),
          lastSeen: this.#lastSeen.has(cluster)
            ? this.#lastSeen.get(cluster)!
            : newestScrapeUnlessUnknown(cluster),
          receiver: receiverOf(cluster),
          failedQueries,
        },
      ]),
    );
    return this.#rulesInfo === undefined
      ? { edges, failures }
      : { edges, failures, rulesInfo: this.#rulesInfo };
  }

  #queueOf(cluster: string, remoteName: string, url: string) {
    let byName = this.#queues.get(cluster);
    if (!byName) {
      byName = new Map();
      this.#queues.set(cluster, byName);
    }
    let byUrl = byName.get(remoteName);
    if (!byUrl) {
      byUrl = new Map();
      byName.set(remoteName, byUrl);
    }
    let queue = byUrl.get(url);
    if (!queue) {
      queue = { remoteName, url, values: noReadings() };
      byUrl.set(url, queue);
    }
    return queue;
  }
}
