import fs from 'node:fs';
import path from 'node:path';
import { classifyEdgeHealth } from './classify';
import { edgeSamplesFor, parseQueueHealthResponses } from './parse';
import { QUANTITY_LABEL } from './queries';

/**
 * The integration rig records what a real Prometheus 2.42 global holds of its
 * agents' queues, with simpler PromQL of its own (raw series, `[1m]` rates).
 * Assembled under this package's query ids, those real responses must read
 * as the rig set the edges up.
 */
const RECORDING = path.resolve(
  __dirname,
  '../../../../test/src/rig/__fixtures__/prometheus-2.42-remote-storage.json',
);

interface Recording {
  recordedAt: string;
  queries: { query: string; response: VectorResponse }[];
}
interface VectorResponse {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string> }[] };
}

describe('the rig recording of Prometheus 2.42', () => {
  const recording: Recording = JSON.parse(fs.readFileSync(RECORDING, 'utf8'));
  const response = (startsWith: string) => {
    const found = recording.queries.find(q => q.query.startsWith(startsWith));
    if (!found) throw new Error(`The recording has no query ${startsWith}…`);
    return found.response;
  };
  const tagged = (parts: Record<string, VectorResponse>) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: Object.entries(parts).flatMap(([quantity, part]) =>
        part.data.result.map(sample => ({
          ...sample,
          metric: { ...sample.metric, [QUANTITY_LABEL]: quantity },
        })),
      ),
    },
  });
  const rate = (counter: string) =>
    response(`sum by (cluster, remote_name, url) (rate(${counter}{`);

  const observation = parseQueueHealthResponses({
    timestamps: tagged({
      highest_appended: response(
        'prometheus_remote_storage_highest_timestamp_in_seconds{',
      ),
      highest_enqueued: response(
        'prometheus_remote_storage_queue_highest_timestamp_seconds{',
      ),
      highest_sent: response(
        'prometheus_remote_storage_queue_highest_sent_timestamp_seconds{',
      ),
    }),
    current: tagged({
      shards: response('prometheus_remote_storage_shards{'),
      pending: response('prometheus_remote_storage_samples_pending{'),
    }),
    shardLimits: tagged({
      desired_shards: response('prometheus_remote_storage_shards_desired{'),
      max_shards: response('prometheus_remote_storage_shards_max{'),
    }),
    sentAndFailed: tagged({
      sent: rate('prometheus_remote_storage_samples_total'),
      failed: rate('prometheus_remote_storage_samples_failed_total'),
    }),
    retriedAndDropped: tagged({
      retried: rate('prometheus_remote_storage_samples_retried_total'),
      dropped: rate('prometheus_remote_storage_samples_dropped_total'),
    }),
  });
  const health = (cluster: string) =>
    classifyEdgeHealth(edgeSamplesFor(observation, cluster), {
      now: Date.parse(recording.recordedAt),
      remoteName: 'fleet-global',
    });

  it('parses every response, the receiver query (which it lacks) as not answered', () => {
    // The rig recording holds no `up` series: queue health is judged without them.
    expect(observation.failures).toEqual([
      {
        query: 'receiver',
        kind: 'no-response',
        message: 'The receiver query got no response.',
      },
    ]);
    expect([...observation.edges.keys()]).toEqual([
      'edge-healthy',
      'edge-rejected',
      'edge-retrying',
    ]);
  });

  it('reads the edge without faults as healthy', () => {
    expect(health('edge-healthy')).toMatchObject({
      status: 'healthy',
      reasons: [],
      shards: { current: 1, max: 4 },
    });
  });

  it('reads the edge whose global rejects half the writes as critical', () => {
    const rejected = health('edge-rejected');
    expect(rejected.status).toBe('critical');
    expect(rejected.reasons).toEqual([
      {
        code: 'samples-failed',
        message: expect.stringMatching(/^\d+(\.\d)? % of samples failed$/),
      },
    ]);
  });

  it('reads the edge whose global answers 500 to half the writes as retrying', () => {
    const retrying = health('edge-retrying');
    expect(retrying.status).toBe('warning');
    expect(retrying.reasons).toEqual([
      {
        code: 'samples-retried',
        message: expect.stringMatching(/^retrying \d+ samples\/s$/),
      },
    ]);
  });
});
