import http from 'node:http';
import {
  buildQueueHealthQueries,
  QueueHealthQueryId,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  RecordedRequest,
  RecordingServer,
  startRecordingServer,
} from './recordingServer';

export interface FakeGlobalOptions {
  /** Cluster labels of the edges this global receives, all healthy. */
  edges: () => string[];
  /** Cluster labels it receives series of, that no catalog cluster has. */
  orphans?: () => string[];
  /** Name of their queue, `fleet-<global cluster label>`. */
  remoteName: string;
  /** URL their queue writes to. */
  writeUrl: string;
  /** Look-back windows the backend is configured with, in seconds. */
  windows: { window: number; lastSeenWindow: number };
  /** Answers instead of the healthy global, e.g. an error page. */
  override?: (request: RecordedRequest, res: http.ServerResponse) => boolean;
}

export interface FakeGlobal extends RecordingServer {
  /** Queries the backend sent, as `{ id, time }`; `id` undefined for a query not in the fixed set. */
  queries(): Array<{ id?: QueueHealthQueryId; promql: string; time: number }>;
}

const sample = (at: number, metric: Record<string, string>, value: number) => ({
  metric,
  value: [at, String(value)],
});

/**
 * A stand-in for a global Prometheus' query API: it answers the
 * queue-health queries with every edge healthy at the evaluation time, and
 * counts them. Only the fixed queries get data: anything else is answered
 * with a Prometheus error, and shows in `queries()` without an id.
 */
export async function startFakeGlobal(
  options: FakeGlobalOptions,
): Promise<FakeGlobal> {
  const idOf = new Map(
    buildQueueHealthQueries(options.windows).map(q => [q.promql, q.id]),
  );
  const form = (request: RecordedRequest) => new URLSearchParams(request.body);

  const bodies = (at: number): Record<QueueHealthQueryId, unknown[]> => {
    const queues = options.edges().map(cluster => ({
      cluster,
      remote_name: options.remoteName,
      url: options.writeUrl,
    }));
    const server = (cluster: string) => ({
      cluster,
      job: 'prometheus-self',
      instance: `prometheus.${cluster}:9090`,
    });
    const tagged = (values: Record<string, number>) =>
      queues.flatMap(q =>
        Object.entries(values).map(([quantity, value]) =>
          sample(at, { ...q, quantity }, value),
        ),
      );
    return {
      timestamps: [
        ...[...queues.map(q => q.cluster), ...(options.orphans?.() ?? [])].map(
          cluster =>
            sample(
              at,
              { ...server(cluster), quantity: 'highest_appended' },
              at - 1,
            ),
        ),
        ...queues.map(q =>
          sample(
            at,
            { ...server(q.cluster), ...q, quantity: 'highest_sent' },
            at - 2,
          ),
        ),
      ],
      current: tagged({ shards: 1, pending: 0 }),
      shardLimits: tagged({ desired_shards: 1, max_shards: 10 }),
      sentAndFailed: tagged({ sent: 50 }),
      retriedAndDropped: [],
      receiver: queues.map(q =>
        sample(at, { cluster: q.cluster, quantity: 'targets_up' }, 1),
      ),
    };
  };

  const server = await startRecordingServer((request, res) => {
    if (options.override?.(request, res)) return;
    const params = form(request);
    const id = idOf.get(params.get('query') ?? '');
    const at = Number(params.get('time'));
    res.setHeader('Content-Type', 'application/json');
    if (!id || !Number.isFinite(at)) {
      res.writeHead(400).end(
        JSON.stringify({
          status: 'error',
          errorType: 'bad_data',
          error: 'not a queue-health query',
        }),
      );
      return;
    }
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: bodies(at)[id] },
      }),
    );
  });

  return {
    ...server,
    queries: () =>
      server.requests.map(request => {
        const params = form(request);
        const promql = params.get('query') ?? '';
        return {
          id: idOf.get(promql),
          promql,
          time: Math.round(Number(params.get('time')) * 1000),
        };
      }),
  };
}
