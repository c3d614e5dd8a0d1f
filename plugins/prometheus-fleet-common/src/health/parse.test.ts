import prometheus37 from './__fixtures__/prometheus-3.7-queue-health.json';
import {
  edgeSamplesFor,
  parseQueueHealthResponses,
  QueueHealthResponses,
} from './parse';
import { buildQueueHealthQueries, QUEUE_HEALTH_QUERY_IDS } from './queries';

const EU = 'https://prom.global-eu.example.com/api/v1/write';

const vector = (result: unknown[]) => ({
  status: 'success',
  data: { resultType: 'vector', result },
});
const sample = (metric: Record<string, string>, value: string) => ({
  metric,
  value: [1764201600.123, value],
});
const queue = (cluster: string, extra: Record<string, string> = {}) => ({
  cluster,
  remote_name: 'fleet-global-eu',
  url: EU,
  ...extra,
});
const emptyCycle = (): QueueHealthResponses =>
  Object.fromEntries(QUEUE_HEALTH_QUERY_IDS.map(id => [id, vector([])]));

describe('parseQueueHealthResponses', () => {
  describe('on a Prometheus 3.7 cycle', () => {
    const { edges, failures } = parseQueueHealthResponses(
      prometheus37.responses,
    );

    it('finds every cluster the global holds, queues or only samples', () => {
      expect(failures).toEqual([]);
      expect([...edges.keys()]).toEqual([
        'edge-eu-1',
        'edge-eu-2',
        'edge-eu-3',
        'edge-eu-4',
        'edge-eu-5',
        'edge-gone',
        'edge-us-1',
        'edge-us-2',
        'global-eu',
      ]);
      expect(edges.get('global-eu')).toEqual({
        cluster: 'global-eu',
        queues: [],
        lastSeen: 1764201599.5,
        failedQueries: [],
      });
    });

    it('puts every quantity of a queue together', () => {
      expect(edges.get('edge-eu-2')).toEqual({
        cluster: 'edge-eu-2',
        lastSeen: 1764201590.5,
        failedQueries: [],
        queues: [
          {
            remoteName: 'fleet-global-eu',
            url: EU,
            lagSeconds: 143.08,
            shards: { current: 10, desired: 12.3125, max: 10 },
            pendingSamples: 48211,
            sentRate: 6012.4,
            failedRate: 0,
            retriedRate: 0,
            droppedRate: 0,
          },
        ],
      });
    });

    it('keeps one sample per queue: remote name and URL', () => {
      expect(edges.get('edge-us-1')!.queues.map(q => q.remoteName)).toEqual([
        'fleet-global-eu',
        'vendor',
      ]);
      expect(edges.get('edge-us-2')!.queues.map(q => q.url)).toEqual([
        EU,
        'https://prometheus.global-eu.example.com/api/v1/write',
      ]);
    });
  });

  it('answers a fleet of any size from the same queries', () => {
    const ids = buildQueueHealthQueries().map(q => q.id);
    for (const size of [1, 300]) {
      const clusters = Array.from({ length: size }, (_, i) => `edge-${i}`);
      const responses: QueueHealthResponses = {
        ...emptyCycle(),
        lag: vector(clusters.map(c => sample(queue(c), '1.5'))),
        lastSeen: vector(
          clusters.map(c => sample({ cluster: c }, '1764201599')),
        ),
      };
      expect(Object.keys(responses)).toEqual(ids);
      const { edges } = parseQueueHealthResponses(responses);
      expect(edges.size).toBe(size);
      expect(edges.get(`edge-${size - 1}`)!.queues[0].lagSeconds).toBe(1.5);
    }
  });

  it('reads NaN and infinities as unknown numbers, not as zero', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      lag: vector([sample(queue('edge-a'), 'NaN')]),
      pending: vector([sample(queue('edge-a'), '+Inf')]),
      rates: vector([sample(queue('edge-a', { quantity: 'retried' }), '-Inf')]),
      lastSeen: vector([sample({ cluster: 'edge-a' }, '')]),
    });
    const edge = edges.get('edge-a')!;
    expect(edge.lastSeen).toBeNull();
    expect(edge.queues).toHaveLength(1);
    expect(edge.queues[0]).toMatchObject({
      lagSeconds: null,
      pendingSamples: null,
      retriedRate: null,
    });
  });

  it('reads the failed, retried and dropped rates the rates query leaves out as zero, unless it failed', () => {
    const responses = {
      ...emptyCycle(),
      rates: vector([
        sample(queue('edge-a', { quantity: 'sent' }), '50'),
        sample(queue('edge-a', { quantity: 'retried' }), '2'),
      ]),
    };
    const answered = parseQueueHealthResponses(responses).edges.get('edge-a')!;
    expect(answered.queues[0]).toMatchObject({
      sentRate: 50,
      failedRate: 0,
      retriedRate: 2,
      droppedRate: 0,
    });

    const failed = parseQueueHealthResponses({
      ...responses,
      rates: {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out',
      },
      lag: vector([sample(queue('edge-a'), '1')]),
    }).edges.get('edge-a')!;
    expect(failed.queues[0]).toMatchObject({
      sentRate: null,
      failedRate: null,
      retriedRate: null,
      droppedRate: null,
    });
  });

  it('keeps the worst value of duplicate series, and skips series it cannot place', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      lag: vector([
        sample(queue('edge-a'), '12'),
        sample(queue('edge-a'), 'NaN'),
        sample(queue('edge-a'), '40'),
        sample({ remote_name: 'fleet-global-eu', url: EU }, '999'),
      ]),
      shards: vector([
        sample(queue('edge-a', { quantity: 'desired' }), '3'),
        sample(queue('edge-a', { quantity: 'min' }), '1'),
        sample(queue('edge-a'), '7'),
      ]),
    });
    expect([...edges.keys()]).toEqual(['edge-a']);
    expect(edges.get('edge-a')!.queues[0]).toMatchObject({
      lagSeconds: 40,
      shards: { current: null, desired: 3, max: null },
    });
  });

  it('reads an older Prometheus queue without remote_name and url as one queue', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      pending: vector([sample({ cluster: 'edge-old' }, '5')]),
    });
    expect(edges.get('edge-old')!.queues).toEqual([
      expect.objectContaining({ remoteName: '', url: '', pendingSamples: 5 }),
    ]);
  });

  describe('with partial data', () => {
    const responses: QueueHealthResponses = {
      ...prometheus37.responses,
      lag: undefined,
      shards: {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      },
    };
    const observation = parseQueueHealthResponses(responses);

    it('reports each failed query with a typed reason', () => {
      expect(observation.failures).toEqual([
        {
          query: 'lag',
          kind: 'no-response',
          message: 'The lag query got no response.',
        },
        {
          query: 'shards',
          kind: 'query-error',
          message:
            'The shards query failed: timeout: query timed out in expression evaluation',
        },
      ]);
    });

    it('keeps what the other queries said, and marks the failed ones on every edge', () => {
      const edge = observation.edges.get('edge-eu-4')!;
      expect(edge.failedQueries).toEqual(['lag', 'shards']);
      expect(edge.lastSeen).toBe(1764201596.8);
      expect(edge.queues[0]).toMatchObject({
        lagSeconds: null,
        shards: { current: null, desired: null, max: null },
        pendingSamples: 640,
        failedRate: 27,
      });
    });

    it('gives an empty edge, with the failures, for a cluster the global does not hold', () => {
      expect(edgeSamplesFor(observation, 'edge-new')).toEqual({
        cluster: 'edge-new',
        queues: [],
        lastSeen: null,
        failedQueries: ['lag', 'shards'],
      });
      expect(edgeSamplesFor(observation, 'edge-eu-4')).toBe(
        observation.edges.get('edge-eu-4'),
      );
    });
  });

  describe('with malformed data', () => {
    it.each([
      [
        'a string',
        'upstream connect error',
        'something other than a JSON object',
      ],
      ['an array', [], 'something other than a JSON object'],
      [
        'no status',
        { data: { resultType: 'vector', result: [] } },
        'no status "success" with data',
      ],
      ['no data', { status: 'success' }, 'no status "success" with data'],
      [
        'a matrix',
        { status: 'success', data: { resultType: 'matrix', result: [] } },
        'a "matrix" result instead of a vector',
      ],
      [
        'a scalar',
        { status: 'success', data: { resultType: 'scalar', result: [1, '2'] } },
        'a "scalar" result instead of a vector',
      ],
      [
        'a vector without result',
        { status: 'success', data: { resultType: 'vector' } },
        'a vector without a result list',
      ],
      [
        'a sample without value',
        vector([{ metric: { cluster: 'a' } }]),
        'a sample that is not',
      ],
      [
        'a sample with a numeric label',
        vector([{ metric: { cluster: 1 }, value: [1, '1'] }]),
        'a sample that is not',
      ],
      [
        'a sample with a string time',
        vector([{ metric: {}, value: ['1', '1'] }]),
        'a sample that is not',
      ],
      ['a null sample', vector([null]), 'a sample that is not'],
    ])(
      'reports %s as an invalid response and keeps the rest',
      (_, body, why) => {
        const { edges, failures } = parseQueueHealthResponses({
          ...prometheus37.responses,
          pending: body,
        });
        expect(failures).toEqual([
          {
            query: 'pending',
            kind: 'invalid-response',
            message: expect.stringContaining(why),
          },
        ]);
        expect(edges.get('edge-eu-1')!.queues[0]).toMatchObject({
          lagSeconds: 2.437,
          pendingSamples: null,
        });
      },
    );

    it('reports an error response without a message', () => {
      const { failures } = parseQueueHealthResponses({
        ...emptyCycle(),
        rates: { status: 'error' },
      });
      expect(failures).toEqual([
        {
          query: 'rates',
          kind: 'query-error',
          message: 'The rates query failed: no message',
        },
      ]);
    });

    it('never throws, whatever it is given', () => {
      for (const input of [undefined, null, 42, 'x', [], {}]) {
        const { edges, failures } = parseQueueHealthResponses(
          input as unknown as QueueHealthResponses,
        );
        expect(edges.size).toBe(0);
        expect(failures.map(f => f.query)).toEqual([...QUEUE_HEALTH_QUERY_IDS]);
      }
    });
  });
});
