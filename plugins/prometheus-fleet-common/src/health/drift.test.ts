import {
  ANNOTATION_CLUSTER_LABEL,
  ANNOTATION_MAX_SHARDS,
} from '../annotations';
import { indexFleet, resolveFleet } from '../fleet';
import { QueueConfig } from '../types';
import { generateValues } from '../values';
import { edgeEntity, globalEntity } from '../__testUtils__/entities';
import {
  expectedRemoteWrite,
  findOrphanClusters,
  findRemoteWriteDrift,
} from './drift';
import { parseQueueHealthResponses } from './parse';
import { EdgeQueueSample } from './types';

const WRITE_URL = 'https://prometheus.global-eu.example.com/api/v1/write';

function queue(overrides: Partial<EdgeQueueSample> = {}): EdgeQueueSample {
  return {
    remoteName: 'fleet-eu',
    url: WRITE_URL,
    lagSeconds: 1,
    shards: { current: 1, desired: 1, max: 50 },
    pendingSamples: 0,
    sentRate: 100,
    failedRate: 0,
    retriedRate: 0,
    droppedRate: 0,
    ...overrides,
  };
}

describe('expectedRemoteWrite', () => {
  const fleet = resolveFleet([
    globalEntity('global-eu', { [ANNOTATION_CLUSTER_LABEL]: 'eu' }),
    edgeEntity('edge-plain'),
    edgeEntity('edge-tuned', { [ANNOTATION_MAX_SHARDS]: '7' }),
  ]);
  const clusters = indexFleet(fleet);
  const global = clusters.get('resource:default/global-eu')!;

  it.each<[string, QueueConfig | undefined]>([
    ['edge-plain', undefined],
    ['edge-plain', { maxShards: 20, capacity: 5000 }],
    ['edge-tuned', undefined],
    ['edge-tuned', { maxShards: 20 }],
  ])(
    'agrees with the values generated for %s with queueConfig %j',
    (name, queueConfig) => {
      const edge = clusters.get(`resource:default/${name}`)!;
      const { values } = generateValues(edge, ref => clusters.get(ref), {
        queueConfig,
      });
      const [entry] = (values as any).prometheus.prometheusSpec.remoteWrite;

      expect(expectedRemoteWrite(edge, global, queueConfig)).toEqual({
        remoteName: entry.name,
        url: entry.url,
        ...(entry.queueConfig?.maxShards === undefined
          ? {}
          : { maxShards: entry.queueConfig.maxShards }),
      });
    },
  );

  it('lets the edge annotation win over the configured maxShards', () => {
    const edge = clusters.get('resource:default/edge-tuned')!;
    expect(expectedRemoteWrite(edge, global, { maxShards: 20 })).toEqual({
      remoteName: 'fleet-eu',
      url: WRITE_URL,
      maxShards: 7,
    });
  });

  it('expects nothing from a global without a usable remote-write URL', () => {
    expect(
      expectedRemoteWrite(
        {},
        { clusterLabel: 'eu', remoteWriteUrl: undefined },
      ),
    ).toBeUndefined();
  });
});

describe('findRemoteWriteDrift', () => {
  const expected = { remoteName: 'fleet-eu', url: WRITE_URL, maxShards: 50 };

  it('finds none when the running queue matches the values', () => {
    expect(findRemoteWriteDrift([queue()], expected)).toEqual([]);
  });

  it('finds none when nothing is known of the queues', () => {
    expect(findRemoteWriteDrift([], expected)).toEqual([]);
  });

  it('accepts the URL as Prometheus spells it after parsing', () => {
    const running = queue({
      url: 'https://PROMETHEUS.global-eu.example.com:443/api/v1/write',
    });
    expect(findRemoteWriteDrift([running], expected)).toEqual([]);
  });

  it('ignores queues of other names when the expected one runs', () => {
    const other = queue({ remoteName: 'archive', url: 'https://archive/w' });
    expect(findRemoteWriteDrift([other, queue()], expected)).toEqual([]);
  });

  it('reports a queue writing to another URL', () => {
    const running = queue({ url: 'http://127.0.0.1:9999/api/v1/write' });
    expect(findRemoteWriteDrift([running], expected)).toEqual([
      {
        setting: 'url',
        expected: WRITE_URL,
        running: 'http://127.0.0.1:9999/api/v1/write',
        message: `Queue "fleet-eu" writes to http://127.0.0.1:9999/api/v1/write, the generated values to ${WRITE_URL}: redeploy the generated values, or change the catalog if the running setting is the intended one.`,
      },
    ]);
  });

  it('reports other max shards when the values set them', () => {
    const running = queue({ shards: { current: 1, desired: 1, max: 200 } });
    expect(findRemoteWriteDrift([running], expected)).toEqual([
      expect.objectContaining({
        setting: 'max_shards',
        expected: '50',
        running: '200',
        message: expect.stringContaining(
          'runs with at most 200 shards, the generated values set 50',
        ),
      }),
    ]);
  });

  it('does not compare max shards the values leave to Prometheus, or that were not read', () => {
    const running = queue({ shards: { current: 1, desired: 1, max: 200 } });
    const unread = queue({
      shards: { current: null, desired: null, max: null },
    });
    const { maxShards, ...withoutMax } = expected;
    expect(findRemoteWriteDrift([running], withoutMax)).toEqual([]);
    expect(findRemoteWriteDrift([unread], expected)).toEqual([]);
  });

  it('reports a missing queue name with what runs instead', () => {
    const renamed = queue({ remoteName: 'to-global' });
    expect(findRemoteWriteDrift([renamed], expected)).toEqual([
      {
        setting: 'remote_name',
        expected: 'fleet-eu',
        running: 'to-global',
        message: `The edge runs no remote-write queue named "fleet-eu" (it runs "to-global" to ${WRITE_URL}): redeploy the generated values, or change the catalog if the running setting is the intended one.`,
      },
    ]);
  });
});

describe('findOrphanClusters', () => {
  const vector = (result: unknown[]) => ({
    status: 'success',
    data: { resultType: 'vector', result },
  });
  const observation = parseQueueHealthResponses({
    current: vector([
      {
        metric: {
          cluster: 'edge-ghost',
          remote_name: 'x',
          url: 'http://g',
          quantity: 'pending',
        },
        value: [1764244800, '0'],
      },
    ]),
    timestamps: vector(
      [
        ['global-eu', '1764244799'],
        ['edge-eu-1', '1764244798'],
        ['lab', '1764244700'],
      ].map(([cluster, appended]) => ({
        metric: { cluster, quantity: 'highest_appended' },
        value: [1764244800, appended],
      })),
    ),
  });

  it('lists the labels no catalog cluster declares, with their newest sample', () => {
    expect(
      findOrphanClusters(observation, ['global-eu', 'edge-eu-1', 'edge-eu-2']),
    ).toEqual([
      {
        cluster: 'edge-ghost',
        lastSeen: null,
        message:
          'The global receives series labelled cluster="edge-ghost", but no catalog cluster has that label: register the cluster (prometheus-fleet.io/cluster-label), or stop its remote write.',
      },
      {
        cluster: 'lab',
        lastSeen: 1764244700,
        message: expect.stringContaining(
          'cluster="lab" (newest sample 2025-11-27T11:58:20.000Z)',
        ),
      },
    ]);
  });

  it('finds none when every label is declared', () => {
    expect(
      findOrphanClusters(observation, [
        'global-eu',
        'edge-eu-1',
        'edge-ghost',
        'lab',
      ]),
    ).toEqual([]);
  });
});

describe('labels an edge sets, in messages', () => {
  it('escapes what is not printable ASCII: NUL, reordering and look-alike characters', () => {
    const observation = parseQueueHealthResponses({
      timestamps: {
        status: 'success',
        data: {
          resultType: 'vector',
          result: ['ghost\u0000', 'ghost\u202eevil', 'edge-\u0435u-1'].map(
            cluster => ({
              metric: { cluster, quantity: 'highest_appended' },
              value: [1764244800, '1'],
            }),
          ),
        },
      },
    });
    expect(
      findOrphanClusters(observation, ['edge-eu-1']).map(o => o.message),
    ).toEqual([
      expect.stringContaining('cluster="edge-\\u0435u-1"'),
      expect.stringContaining('cluster="ghost\\u0000"'),
      expect.stringContaining('cluster="ghost\\u202eevil"'),
    ]);

    const [drift] = findRemoteWriteDrift(
      [queue({ url: 'https://evil.example.com/\u202ewrite' })],
      { remoteName: 'fleet-eu', url: WRITE_URL },
    );
    expect(drift.message).toContain(
      'writes to https://evil.example.com/\\u202ewrite, the generated values',
    );
  });
});
