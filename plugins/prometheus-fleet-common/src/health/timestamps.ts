import { QUANTITY_LABEL, SERVER_LABELS } from './queries';

/** The lag of one queue of one edge Prometheus server. */
export interface ServerQueueLag {
  cluster: string;
  remoteName: string;
  url: string;
  /** Null where a timestamp is unreadable or its server's is missing. */
  lagSeconds: number | null;
}

interface QueueTimestamps {
  cluster: string;
  server: string;
  remoteName: string;
  url: string;
  enqueued?: number | null;
  sent?: number | null;
}

const [CLUSTER_LABEL, JOB_LABEL, INSTANCE_LABEL] = SERVER_LABELS;

/**
 * A key of label values, distinct for distinct values whatever they hold:
 * each but the last is prefixed with its length.
 */
const key = (first: string, second: string, third: string) =>
  `${first.length}:${first}${second.length}:${second}${third}`;

/** Duplicate series keep the worst (highest) value. */
export function higher(
  known: number | null | undefined,
  value: number | null,
): number | null {
  if (known === undefined || known === null) return value;
  return value === null ? known : Math.max(known, value);
}

/**
 * The join the mixin's `PrometheusRemoteWriteBehind` makes with
 * `ignoring(remote_name, url) group_right`, made from the `timestamps`
 * query's series instead: each queue's highest enqueued timestamp (3.7+), or
 * else its server's highest appended one, minus the queue's highest sent
 * timestamp, per edge server. The appended and enqueued timestamps also tell
 * when each cluster was last seen.
 */
export class TimestampJoin {
  readonly #appended = new Map<string, number | null>();
  readonly #queues = new Map<string, QueueTimestamps>();
  readonly #lastSeen = new Map<string, number | null>();

  add(labels: Record<string, string>, value: number | null): void {
    const cluster = labels[CLUSTER_LABEL];
    const server = key(
      cluster,
      labels[JOB_LABEL] ?? '',
      labels[INSTANCE_LABEL] ?? '',
    );
    const quantity = labels[QUANTITY_LABEL];
    if (quantity === 'highest_appended') {
      this.#appended.set(server, higher(this.#appended.get(server), value));
    } else if (quantity === 'highest_enqueued' || quantity === 'highest_sent') {
      const remoteName = labels.remote_name ?? '';
      const url = labels.url ?? '';
      const queueKey = key(server, remoteName, url);
      let queue = this.#queues.get(queueKey);
      if (!queue) {
        queue = { cluster, server, remoteName, url };
        this.#queues.set(queueKey, queue);
      }
      const field = quantity === 'highest_sent' ? 'sent' : 'enqueued';
      queue[field] = higher(queue[field], value);
    } else {
      return;
    }
    if (quantity !== 'highest_sent') {
      this.#lastSeen.set(cluster, higher(this.#lastSeen.get(cluster), value));
    }
  }

  /** Epoch seconds of each cluster's newest timestamp. */
  lastSeen(): ReadonlyMap<string, number | null> {
    return this.#lastSeen;
  }

  /**
   * One lag per server and queue that has sent something: a queue that has
   * sent nothing yet has no lag.
   */
  *lags(): Iterable<ServerQueueLag> {
    for (const queue of this.#queues.values()) {
      if (queue.sent === undefined) continue;
      const from = queue.enqueued ?? this.#appended.get(queue.server) ?? null;
      yield {
        cluster: queue.cluster,
        remoteName: queue.remoteName,
        url: queue.url,
        // Timestamps are whole milliseconds: what is finer is float noise.
        lagSeconds:
          from === null || queue.sent === null
            ? null
            : Math.round((from - queue.sent) * 1000) / 1000,
      };
    }
  }
}
