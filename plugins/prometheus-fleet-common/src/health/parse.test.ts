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
const server = (cluster: string, extra: Record<string, string> = {}) => ({
  cluster,
  job: 'kube-prometheus-stack-prometheus',
  instance: '10.0.0.1:9090',
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
        receiver: {
          targetsUp: 2,
          targetsDown: 0,
          seriesPerScrape: 1532,
          newestSample: 1764201599.5,
        },
        failedQueries: [],
      });
    });

    it('puts every quantity of a queue together', () => {
      expect(edges.get('edge-eu-2')).toEqual({
        cluster: 'edge-eu-2',
        lastSeen: 1764201590.5,
        receiver: {
          targetsUp: 4,
          targetsDown: 0,
          seriesPerScrape: 9120,
          newestSample: 1764201590.5,
        },
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
        timestamps: vector(
          clusters.flatMap(c => [
            sample(server(c, { quantity: 'highest_appended' }), '1764201599'),
            sample(
              server(c, { ...queue(c), quantity: 'highest_sent' }),
              '1764201597.5',
            ),
          ]),
        ),
      };
      expect(Object.keys(responses)).toEqual(ids);
      const { edges } = parseQueueHealthResponses(responses);
      expect(edges.size).toBe(size);
      expect(edges.get(`edge-${size - 1}`)).toMatchObject({
        lastSeen: 1764201599,
        queues: [{ lagSeconds: 1.5 }],
      });
    }
  });

  describe('works out the lag per edge Prometheus server, as the mixin joins it', () => {
    const lagOf = (rows: Array<[Record<string, string>, string]>) =>
      parseQueueHealthResponses({
        ...emptyCycle(),
        timestamps: vector(
          rows.map(([metric, value]) => sample(metric, value)),
        ),
      }).edges.get('edge-a')!;
    const appended = (instance: string) =>
      server('edge-a', { instance, quantity: 'highest_appended' });
    const ofQueue = (instance: string, quantity: string) =>
      server('edge-a', { instance, ...queue('edge-a'), quantity });

    it('keeps the worst server of a pair: one replica behind is a lagging queue', () => {
      const edge = lagOf([
        [appended('replica-0'), '1000'],
        [ofQueue('replica-0', 'highest_sent'), '990'],
        [appended('replica-1'), '1000'],
        [ofQueue('replica-1', 'highest_sent'), '700'],
      ]);
      expect(edge.queues).toHaveLength(1);
      expect(edge.queues[0].lagSeconds).toBe(300);
      expect(edge.lastSeen).toBe(1000);
    });

    it("takes a queue's own enqueued timestamp over its server's appended one (3.7+)", () => {
      const edge = lagOf([
        [appended('replica-0'), '1000'],
        [ofQueue('replica-0', 'highest_enqueued'), '995'],
        [ofQueue('replica-0', 'highest_sent'), '990'],
      ]);
      expect(edge.queues[0].lagSeconds).toBe(5);
    });

    it('never joins one server with another', () => {
      const edge = lagOf([
        [appended('replica-0'), '1000'],
        [ofQueue('replica-1', 'highest_sent'), '990'],
      ]);
      expect(edge.queues).toEqual([
        expect.objectContaining({
          remoteName: 'fleet-global-eu',
          lagSeconds: null,
        }),
      ]);
    });

    it('rounds the lag to the milliseconds timestamps have', () => {
      const edge = lagOf([
        [appended('replica-0'), '1764201600.123'],
        [ofQueue('replica-0', 'highest_sent'), '1764201587.7'],
      ]);
      expect(edge.queues[0].lagSeconds).toBe(12.423);
    });
  });

  it('reads NaN and infinities as unknown numbers, not as zero', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      timestamps: vector([
        sample(server('edge-a', { quantity: 'highest_appended' }), ''),
        sample(
          server('edge-a', { ...queue('edge-a'), quantity: 'highest_sent' }),
          'NaN',
        ),
      ]),
      current: vector([
        sample(queue('edge-a', { quantity: 'pending' }), '+Inf'),
      ]),
      retriedAndDropped: vector([
        sample(queue('edge-a', { quantity: 'retried' }), '-Inf'),
      ]),
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

  it('reads an agent that has appended nothing yet (its highest timestamp 0) as not seen, not as seen in 1970', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      timestamps: vector([
        sample(server('edge-a', { quantity: 'highest_appended' }), '0'),
        sample(server('edge-b', { quantity: 'highest_appended' }), '0'),
        sample(server('edge-b', { quantity: 'highest_appended' }), '1000'),
      ]),
    });
    expect(edges.get('edge-a')!.lastSeen).toBeNull();
    expect(edges.get('edge-b')!.lastSeen).toBe(1000);
  });

  it('reads the failed, retried and dropped rates the queries leave out as zero, unless their query failed', () => {
    const responses = {
      ...emptyCycle(),
      sentAndFailed: vector([
        sample(queue('edge-a', { quantity: 'sent' }), '50'),
      ]),
      retriedAndDropped: vector([
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
      retriedAndDropped: {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out',
      },
    }).edges.get('edge-a')!;
    expect(failed.queues[0]).toMatchObject({
      sentRate: 50,
      failedRate: 0,
      retriedRate: null,
      droppedRate: null,
    });
  });

  it('keeps the worst value of duplicate series, and skips series it cannot place', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      shardLimits: vector([
        sample(queue('edge-a', { quantity: 'desired_shards' }), '3'),
        sample(queue('edge-a', { quantity: 'desired_shards' }), 'NaN'),
        sample(queue('edge-a', { quantity: 'desired_shards' }), '9'),
        sample(queue('edge-a', { quantity: 'min_shards' }), '1'),
        sample(queue('edge-a', { quantity: 'pending' }), '1'),
        sample(queue('edge-a'), '7'),
        sample(
          { remote_name: 'fleet-global-eu', url: EU, quantity: 'max_shards' },
          '999',
        ),
      ]),
    });
    expect([...edges.keys()]).toEqual(['edge-a']);
    expect(edges.get('edge-a')!.queues[0]).toMatchObject({
      shards: { current: null, desired: 9, max: null },
      pendingSamples: null,
    });
  });

  describe('the receiver query', () => {
    const receiverOnly = (rows: Array<[string, string, string]>) =>
      parseQueueHealthResponses({
        ...emptyCycle(),
        receiver: vector(
          rows.map(([cluster, quantity, value]) =>
            sample({ cluster, quantity }, value),
          ),
        ),
      });

    it('finds a sender without queue metrics from its scrape targets, last seen at its newest scrape', () => {
      const { edges } = receiverOnly([
        ['alloy-lab', 'targets_up', '3'],
        ['alloy-lab', 'series_per_scrape', '420'],
        ['alloy-lab', 'newest_sample', '1764201598.25'],
      ]);
      expect(edges.get('alloy-lab')).toEqual({
        cluster: 'alloy-lab',
        queues: [],
        lastSeen: 1764201598.25,
        receiver: {
          targetsUp: 3,
          targetsDown: 0,
          seriesPerScrape: 420,
          newestSample: 1764201598.25,
        },
        failedQueries: [],
      });
    });

    it('counts targets down, and none where the query has none', () => {
      const { edges } = receiverOnly([['edge-a', 'targets_down', '2']]);
      expect(edges.get('edge-a')!.receiver).toEqual({
        targetsUp: 0,
        targetsDown: 2,
        seriesPerScrape: null,
        newestSample: null,
      });
    });

    it('takes the last seen from the queue timestamps where there are some', () => {
      const { edges } = parseQueueHealthResponses({
        ...emptyCycle(),
        timestamps: vector([
          sample(server('edge-a', { quantity: 'highest_appended' }), '100'),
        ]),
        receiver: vector([
          sample({ cluster: 'edge-a', quantity: 'newest_sample' }, '105'),
        ]),
      });
      expect(edges.get('edge-a')!.lastSeen).toBe(100);
    });

    it('leaves the receiver unread, and the rest as it was, when the query was not answered', () => {
      const { receiver: _, ...withoutReceiver } = emptyCycle();
      const { edges, failures } = parseQueueHealthResponses({
        ...withoutReceiver,
        timestamps: vector([
          sample(server('edge-a', { quantity: 'highest_appended' }), '100'),
        ]),
      });
      expect(failures.map(f => f.query)).toEqual(['receiver']);
      expect(edges.get('edge-a')).toMatchObject({
        lastSeen: 100,
        receiver: null,
        failedQueries: ['receiver'],
      });
    });
  });

  it('reads an older Prometheus queue without remote_name and url as one queue', () => {
    const { edges } = parseQueueHealthResponses({
      ...emptyCycle(),
      current: vector([
        sample({ cluster: 'edge-old', quantity: 'pending' }, '5'),
      ]),
    });
    expect(edges.get('edge-old')!.queues).toEqual([
      expect.objectContaining({ remoteName: '', url: '', pendingSamples: 5 }),
    ]);
  });

  describe('with partial data', () => {
    const responses: QueueHealthResponses = {
      ...prometheus37.responses,
      timestamps: undefined,
      shardLimits: {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      },
    };
    const observation = parseQueueHealthResponses(responses);

    it('reports each failed query with a typed reason', () => {
      expect(observation.failures).toEqual([
        {
          query: 'timestamps',
          kind: 'no-response',
          message: 'The timestamps query got no response.',
        },
        {
          query: 'shardLimits',
          kind: 'query-error',
          message:
            'The shardLimits query failed: timeout: query timed out in expression evaluation',
        },
      ]);
    });

    it('keeps what the other queries said, and marks the failed ones on every edge', () => {
      const edge = observation.edges.get('edge-eu-4')!;
      expect(edge.failedQueries).toEqual(['timestamps', 'shardLimits']);
      expect(edge.lastSeen).toBeNull();
      expect(edge.queues[0]).toMatchObject({
        lagSeconds: null,
        shards: { current: 3, desired: null, max: null },
        pendingSamples: 640,
        failedRate: 27,
      });
    });

    it('gives an empty edge, with the failures, for a cluster the global does not hold', () => {
      expect(edgeSamplesFor(observation, 'edge-new')).toEqual({
        cluster: 'edge-new',
        queues: [],
        lastSeen: null,
        receiver: {
          targetsUp: 0,
          targetsDown: 0,
          seriesPerScrape: null,
          newestSample: null,
        },
        failedQueries: ['timestamps', 'shardLimits'],
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
          current: body,
        });
        expect(failures).toEqual([
          {
            query: 'current',
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
        sentAndFailed: { status: 'error' },
      });
      expect(failures).toEqual([
        {
          query: 'sentAndFailed',
          kind: 'query-error',
          message: 'The sentAndFailed query failed: no message',
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
