import { HealthReason, HealthReasonCode } from '../api';
import prometheus37 from './__fixtures__/prometheus-3.7-queue-health.json';
import { classifyEdgeHealth, unknownHealth } from './classify';
import { edgeSamplesFor, parseQueueHealthResponses } from './parse';
import { EdgeQueueSample, EdgeSamples, ReceiverSamples } from './types';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const NOW_SECONDS = NOW / 1000;

function queue(overrides: Partial<EdgeQueueSample> = {}): EdgeQueueSample {
  return {
    remoteName: 'fleet-global-eu',
    url: 'https://prom.global-eu.example.com/api/v1/write',
    lagSeconds: 2,
    shards: { current: 2, desired: 1.7, max: 50 },
    pendingSamples: 300,
    sentRate: 1500,
    failedRate: 0,
    retriedRate: 0,
    droppedRate: 0,
    ...overrides,
  };
}

function edge(
  queues: EdgeQueueSample[],
  overrides: Partial<EdgeSamples> = {},
): EdgeSamples {
  return {
    cluster: 'edge-eu-1',
    queues,
    lastSeen: NOW_SECONDS - 5,
    receiver: null,
    failedQueries: [],
    ...overrides,
  };
}

function received(overrides: Partial<ReceiverSamples> = {}): ReceiverSamples {
  return {
    targetsUp: 4,
    targetsDown: 1,
    seriesPerScrape: 12_000,
    newestSample: NOW_SECONDS - 3,
    ...overrides,
  };
}

const reason = (code: HealthReasonCode, message: string): HealthReason => ({
  code,
  message,
});

const classify = (
  samples: EdgeSamples,
  options: Omit<Parameters<typeof classifyEdgeHealth>[1], 'now'> = {},
) => classifyEdgeHealth(samples, { now: NOW, ...options });

describe('classifyEdgeHealth', () => {
  it('reads healthy with no reasons, and reports the numbers and times', () => {
    expect(classify(edge([queue({ droppedRate: 4.5 })]))).toEqual({
      status: 'healthy',
      reasons: [],
      lagSeconds: 2,
      shards: { current: 2, desired: 1.7, max: 50 },
      pendingSamples: 300,
      failedRate: 0,
      retriedRate: 0,
      droppedRate: 4.5,
      lastSeen: '2026-11-27T11:59:55.000Z',
      observedAt: '2026-11-27T12:00:00.000Z',
    });
  });

  describe('lag', () => {
    it.each([
      [60, 'healthy', []],
      [60.1, 'warning', [reason('lag-over-warning', 'lag 60.1 s over 60 s')]],
      [120, 'warning', [reason('lag-over-warning', 'lag 120 s over 60 s')]],
      [
        120.5,
        'critical',
        [reason('lag-over-critical', 'lag 121 s over 120 s')],
      ],
      [
        143.08,
        'critical',
        [reason('lag-over-critical', 'lag 143 s over 120 s')],
      ],
      [
        120.04,
        'critical',
        [reason('lag-over-critical', 'lag 120.04 s over 120 s')],
      ],
      [
        1500,
        'critical',
        [reason('lag-over-critical', 'lag 1500 s (25 min) over 120 s')],
      ],
    ])('of %p s is %p', (lagSeconds, status, reasons) => {
      expect(classify(edge([queue({ lagSeconds })]))).toMatchObject({
        status,
        reasons,
        lagSeconds,
      });
    });

    it('follows configured thresholds', () => {
      const health = classifyEdgeHealth(edge([queue({ lagSeconds: 45 })]), {
        now: NOW,
        thresholds: { lagWarning: 30, lagCritical: 40, silentAfter: 60 },
      });
      expect(health).toMatchObject({
        status: 'critical',
        reasons: [reason('lag-over-critical', 'lag 45 s over 40 s')],
      });
    });
  });

  describe('failed samples', () => {
    it.each([
      [0, 0, 'healthy', []],
      [1, 99, 'healthy', []],
      [
        1.01,
        98.99,
        'critical',
        [reason('samples-failed', '1.01 % of samples failed')],
      ],
      [
        27,
        1473.3,
        'critical',
        [reason('samples-failed', '1.8 % of samples failed')],
      ],
      [
        5,
        null,
        'critical',
        [reason('samples-failed', '100 % of samples failed')],
      ],
    ])(
      '%p failed beside %p sent per second is %p',
      (failedRate, sentRate, status, reasons) => {
        expect(classify(edge([queue({ failedRate, sentRate })]))).toMatchObject(
          {
            status,
            reasons,
            failedRate,
          },
        );
      },
    );
  });

  describe('shards', () => {
    it.each([
      [10, 10, 'healthy', []],
      [
        10.02,
        10,
        'warning',
        [
          reason(
            'desired-shards-over-max',
            'desired shards 10.02 > max 10: raise maxShards to 14',
          ),
        ],
      ],
      [
        12,
        10,
        'warning',
        [
          reason(
            'desired-shards-over-max',
            'desired shards 12 > max 10: raise maxShards to 16',
          ),
        ],
      ],
      [
        12.3125,
        10,
        'warning',
        [
          reason(
            'desired-shards-over-max',
            'desired shards 12.3 > max 10: raise maxShards to 17',
          ),
        ],
      ],
      [
        10,
        1,
        'warning',
        [
          reason(
            'desired-shards-over-max',
            'desired shards 10 > max 1: raise maxShards to 13',
          ),
        ],
      ],
    ])('desired %p against max %p is %p', (desired, max, status, reasons) => {
      expect(
        classify(edge([queue({ shards: { current: max, desired, max } })])),
      ).toMatchObject({
        status,
        reasons,
        shards: { current: max, desired, max },
      });
    });

    it('does not judge shards it does not know', () => {
      expect(
        classify(
          edge([queue({ shards: { current: 3, desired: 80, max: null } })]),
        ).status,
      ).toBe('healthy');
    });
  });

  describe('retries', () => {
    it.each([
      [0, 'healthy', []],
      [
        0.004,
        'warning',
        [reason('samples-retried', 'retrying 0.004 samples/s')],
      ],
      [3.24, 'warning', [reason('samples-retried', 'retrying 3.2 samples/s')]],
    ])('of %p samples/s is %p', (retriedRate, status, reasons) => {
      expect(classify(edge([queue({ retriedRate })]))).toMatchObject({
        status,
        reasons,
      });
    });
  });

  it('gives every reason, critical ones first', () => {
    const health = classify(
      edge([
        queue({
          lagSeconds: 75,
          retriedRate: 2,
          failedRate: 50,
          sentRate: 950,
          shards: { current: 10, desired: 11, max: 10 },
        }),
      ]),
    );
    expect(health).toMatchObject({
      status: 'critical',
      reasons: [
        reason('samples-failed', '5 % of samples failed'),
        reason('lag-over-warning', 'lag 75 s over 60 s'),
        reason(
          'desired-shards-over-max',
          'desired shards 11 > max 10: raise maxShards to 15',
        ),
        reason('samples-retried', 'retrying 2 samples/s'),
      ],
    });
  });

  describe('silence', () => {
    it('starts only once the newest sample is older than silentAfter', () => {
      const at = (age: number) =>
        classify(edge([queue()], { lastSeen: NOW_SECONDS - age }));
      expect(at(300).status).toBe('healthy');
      expect(at(300.5)).toMatchObject({
        status: 'silent',
        reasons: [reason('no-sample', 'no sample for 5 min')],
      });
      expect(at(360)).toMatchObject({
        status: 'silent',
        reasons: [reason('no-sample', 'no sample for 6 min')],
      });
    });

    it('wins over the healthy numbers a stuck queue leaves behind', () => {
      const health = classify(
        edge([queue({ lagSeconds: 0.5 })], { lastSeen: NOW_SECONDS - 420 }),
      );
      expect(health).toMatchObject({
        status: 'silent',
        reasons: [reason('no-sample', 'no sample for 7 min')],
        lagSeconds: 0.5,
        lastSeen: '2026-11-27T11:53:00.000Z',
      });
    });

    it('wins over critical numbers too, keeping them as last reported', () => {
      const health = classify(
        edge([queue({ lagSeconds: 200 })], {
          lastSeen: NOW_SECONDS - 3 * 3600,
        }),
      );
      expect(health).toMatchObject({
        status: 'silent',
        reasons: [
          reason('no-sample', 'no sample for 3 h'),
          reason('lag-over-critical', 'last reported: lag 200 s over 120 s'),
        ],
      });
    });

    it('holds an edge the global has never heard from', () => {
      expect(classify(edge([], { lastSeen: null }))).toEqual({
        status: 'silent',
        reasons: [
          reason('never-seen', 'no sample from this cluster at its global'),
        ],
        lagSeconds: null,
        shards: { current: null, desired: null, max: null },
        pendingSamples: null,
        failedRate: null,
        retriedRate: null,
        droppedRate: null,
        lastSeen: null,
        observedAt: '2026-11-27T12:00:00.000Z',
      });
    });

    it('reads a sample from ahead of the clock as fresh', () => {
      expect(
        classify(edge([queue()], { lastSeen: NOW_SECONDS + 30 })).status,
      ).toBe('healthy');
    });
  });

  describe('a new edge', () => {
    const DAY = 86400;
    /** Joined `ago` seconds before NOW, a day's grace. */
    const joined = (ago: number, everReported = false) => ({
      onboarding: {
        firstSeenAt: NOW - ago * 1000,
        everReported,
        gracePeriodSeconds: DAY,
      },
    });
    const neverHeard = edge([], { lastSeen: null });

    it('awaits its first data within the grace period: pending, saying when it joined', () => {
      expect(classify(neverHeard, joined(3 * 3600))).toEqual({
        status: 'pending',
        reasons: [
          reason(
            'awaiting-first-data',
            'joined the fleet 3 h ago (2026-11-27T09:00:00.000Z), awaiting its agent: no sample from this cluster at its global yet; silent if none arrives within 24 h of joining',
          ),
        ],
        lagSeconds: null,
        shards: { current: null, desired: null, max: null },
        pendingSamples: null,
        failedRate: null,
        retriedRate: null,
        droppedRate: null,
        lastSeen: null,
        observedAt: '2026-11-27T12:00:00.000Z',
      });
      // Just seen for the first time: this very cycle.
      expect(classify(neverHeard, joined(0)).status).toBe('pending');
      expect(classify(neverHeard, joined(DAY - 1)).status).toBe('pending');
    });

    it('is silent once the grace period is over, saying it never reported since it joined', () => {
      for (const ago of [DAY, 2 * DAY + 3600]) {
        expect(classify(neverHeard, joined(ago))).toMatchObject({
          status: 'silent',
          reasons: [
            reason(
              'never-seen',
              `never reported since it joined the fleet ${
                ago === DAY ? '24 h' : '2 d'
              } ago (${new Date(
                NOW - ago * 1000,
              ).toISOString()}): no sample from this cluster at its global`,
            ),
          ],
        });
      }
    });

    it('is never pending once it has reported, however new', () => {
      expect(classify(neverHeard, joined(600, true))).toMatchObject({
        status: 'silent',
        reasons: [
          reason(
            'never-seen',
            'no recent sample from this cluster at its global, though it has reported before',
          ),
        ],
      });
    });

    it('is judged as any edge once its global holds a sample from it', () => {
      expect(classify(edge([queue()]), joined(60)).status).toBe('healthy');
      expect(
        classify(edge([queue()], { lastSeen: NOW_SECONDS - 600 }), joined(900))
          .status,
      ).toBe('silent');
    });

    it('is unknown, not pending, when the query that tells whether it reported failed', () => {
      expect(
        classify(
          edge([], { lastSeen: null, failedQueries: ['timestamps'] }),
          joined(60),
        ).status,
      ).toBe('unknown');
    });
  });

  describe('several queues', () => {
    const vendor = queue({
      remoteName: 'vendor',
      url: 'https://metrics.vendor.example.net/api/v1/push',
      lagSeconds: 612.4,
      retriedRate: 120.4,
    });
    const fleet = queue({ lagSeconds: 70 });

    it('reports the worst, its numbers, and the reasons of all, by queue', () => {
      expect(classify(edge([fleet, vendor]))).toMatchObject({
        status: 'critical',
        lagSeconds: 612.4,
        retriedRate: 120.4,
        reasons: [
          reason('lag-over-warning', 'fleet-global-eu: lag 70 s over 60 s'),
          reason('lag-over-critical', 'vendor: lag 612 s (10 min) over 120 s'),
          reason('samples-retried', 'vendor: retrying 120 samples/s'),
        ],
      });
    });

    it('judges only the fleet queue when told its name', () => {
      expect(
        classify(edge([fleet, vendor]), { remoteName: 'fleet-global-eu' }),
      ).toMatchObject({
        status: 'warning',
        lagSeconds: 70,
        reasons: [reason('lag-over-warning', 'lag 70 s over 60 s')],
      });
    });

    it('tells queues of the same name apart by URL', () => {
      const moved = queue({
        url: 'https://new.example.com/api/v1/write',
        lagSeconds: 61,
      });
      expect(
        classify(edge([queue(), moved]), { remoteName: 'fleet-global-eu' })
          .reasons,
      ).toEqual([
        reason(
          'lag-over-warning',
          'fleet-global-eu (https://new.example.com/api/v1/write): lag 61 s over 60 s',
        ),
      ]);
    });

    it('warns when no queue has the expected name, and judges the others', () => {
      expect(
        classify(edge([vendor]), { remoteName: 'fleet-global-eu' }),
      ).toMatchObject({
        status: 'critical',
        reasons: [
          reason(
            'queue-not-found',
            'no queue named "fleet-global-eu" (found "vendor"): is the edge running the generated values?',
          ),
          reason('lag-over-critical', 'lag 612 s (10 min) over 120 s'),
          reason('samples-retried', 'retrying 120 samples/s'),
        ],
      });
      expect(
        classify(edge([queue({ remoteName: 'hand-made' })]), {
          remoteName: 'fleet-global-eu',
        }).status,
      ).toBe('warning');
    });
  });

  describe('the receiver and the series budget', () => {
    it("reports what the global holds of the edge's scrapes, its newest scrape as a time", () => {
      expect(
        classify(edge([queue()], { receiver: received() })).receiver,
      ).toEqual({
        targetsUp: 4,
        targetsDown: 1,
        seriesPerScrape: 12_000,
        newestSampleAt: '2026-11-27T11:59:57.000Z',
      });
    });

    it.each([
      [undefined, 'healthy', []],
      [12_000, 'healthy', []],
      [
        11_999,
        'warning',
        [
          reason(
            'series-over-budget',
            '12000 series per scrape, over its budget of 11999',
          ),
        ],
      ],
    ])('with a budget of %s series is %s', (seriesBudget, status, reasons) => {
      expect(
        classify(edge([queue()], { receiver: received() }), { seriesBudget }),
      ).toMatchObject({ status, reasons });
    });

    it('cannot judge the budget without the receiver query, and says so', () => {
      const samples = edge([queue()], { failedQueries: ['receiver'] });
      expect(classify(samples, { seriesBudget: 1000 })).toMatchObject({
        status: 'unknown',
        reasons: [
          reason(
            'query-failed',
            'could not read the series per scrape: the query failed',
          ),
        ],
      });
      // Without a budget, nothing the status rests on is missing.
      expect(classify(samples)).toMatchObject({ status: 'healthy' });
      expect(classify(samples)).not.toHaveProperty('receiver');
    });

    it('keeps an over-budget reason of a silent edge as last reported', () => {
      const silent = edge([queue()], {
        lastSeen: NOW_SECONDS - 600,
        receiver: received(),
      });
      expect(classify(silent, { seriesBudget: 10 }).reasons).toEqual([
        reason('no-sample', 'no sample for 10 min'),
        reason(
          'series-over-budget',
          'last reported: 12000 series per scrape, over its budget of 10',
        ),
      ]);
    });
  });

  describe('an edge read from another global than its own', () => {
    const misrouted = {
      ownGlobal: 'resource:default/global-eu',
      receivingGlobal: 'resource:default/global-us',
    };
    const because = reason(
      'misrouted',
      'its series arrive at resource:default/global-us, not at its own global resource:default/global-eu: read from there',
    );

    it('is at least a warning, what the other global sees after the reason', () => {
      expect(classify(edge([queue()]), { misrouted })).toMatchObject({
        status: 'warning',
        reasons: [because],
        lagSeconds: 2,
      });
      expect(
        classify(edge([queue({ lagSeconds: 500 })]), { misrouted }),
      ).toMatchObject({
        status: 'critical',
        reasons: [
          because,
          reason('lag-over-critical', 'lag 500 s (8 min) over 120 s'),
        ],
      });
    });

    it('is silent when the other global holds only old samples', () => {
      expect(
        classify(edge([queue()], { lastSeen: NOW_SECONDS - 600 }), {
          misrouted,
        }),
      ).toMatchObject({
        status: 'silent',
        reasons: [because, reason('no-sample', 'no sample for 10 min')],
      });
    });
  });

  describe('with partial data', () => {
    it('is unknown, not healthy, when it cannot tell whether the numbers are fresh', () => {
      expect(
        classify(
          edge([queue({ lagSeconds: null })], {
            lastSeen: null,
            failedQueries: ['timestamps'],
          }),
        ),
      ).toMatchObject({
        status: 'unknown',
        reasons: [
          reason(
            'query-failed',
            'could not tell when the global last heard from this cluster: the query failed',
          ),
          reason('query-failed', 'could not read the lag: the query failed'),
        ],
        lagSeconds: null,
        shards: { current: 2, desired: 1.7, max: 50 },
      });
    });

    it('keeps a worse status the numbers show', () => {
      expect(
        classify(
          edge(
            [queue({ lagSeconds: null, failedRate: 27, sentRate: 1473.3 })],
            {
              lastSeen: null,
              failedQueries: ['timestamps'],
            },
          ),
        ),
      ).toMatchObject({
        status: 'critical',
        reasons: [
          reason(
            'query-failed',
            'could not tell when the global last heard from this cluster: the query failed',
          ),
          reason('samples-failed', '1.8 % of samples failed'),
          reason('query-failed', 'could not read the lag: the query failed'),
        ],
      });
    });

    it('is unknown when a number it judges by is missing', () => {
      expect(
        classify(
          edge([queue({ shards: { current: 2, desired: null, max: null } })], {
            failedQueries: ['shardLimits', 'sentAndFailed'],
          }),
        ),
      ).toMatchObject({
        status: 'unknown',
        reasons: [
          reason(
            'query-failed',
            'could not read the desired and max shards: the query failed',
          ),
          reason(
            'query-failed',
            'could not read failed samples: the query failed',
          ),
        ],
      });
    });

    it('stays healthy when only the current shards and pending samples are missing', () => {
      expect(
        classify(
          edge(
            [
              queue({
                pendingSamples: null,
                shards: { current: null, desired: 1.7, max: 50 },
              }),
            ],
            { failedQueries: ['current'] },
          ),
        ),
      ).toMatchObject({ status: 'healthy', reasons: [], pendingSamples: null });
    });

    it('is unknown for a cluster that sends samples but no queue metrics', () => {
      expect(classify(edge([]))).toMatchObject({
        status: 'unknown',
        reasons: [
          reason(
            'no-queue-metrics',
            'the global holds no remote-write queue metrics from this cluster: does its Prometheus scrape itself?',
          ),
        ],
      });
    });

    it('is unknown with every reason when the whole cycle failed', () => {
      const observation = parseQueueHealthResponses({});
      expect(classify(edgeSamplesFor(observation, 'edge-eu-1'))).toMatchObject({
        status: 'unknown',
        reasons: [
          reason(
            'query-failed',
            'could not tell when the global last heard from this cluster: the query failed',
          ),
          reason('query-failed', 'could not read the lag: the query failed'),
          reason(
            'query-failed',
            'could not read the desired and max shards: the query failed',
          ),
          reason(
            'query-failed',
            'could not read failed samples: the query failed',
          ),
          reason(
            'query-failed',
            'could not read retried samples: the query failed',
          ),
        ],
      });
    });
  });

  describe('on a Prometheus 3.7 cycle', () => {
    const observation = parseQueueHealthResponses(prometheus37.responses);
    const now = prometheus37.evaluatedAt * 1000;
    const health = (
      cluster: string,
      options: { silentAfter?: number; remoteName?: string } = {},
    ) =>
      classifyEdgeHealth(edgeSamplesFor(observation, cluster), {
        now,
        remoteName: options.remoteName,
        thresholds: {
          lagWarning: 60,
          lagCritical: 120,
          silentAfter: options.silentAfter ?? 300,
        },
      });

    it.each([
      ['edge-eu-1', 'healthy', []],
      [
        'edge-eu-2',
        'critical',
        [
          reason('lag-over-critical', 'lag 143 s over 120 s'),
          reason(
            'desired-shards-over-max',
            'desired shards 12.3 > max 10: raise maxShards to 17',
          ),
        ],
      ],
      [
        'edge-eu-3',
        'warning',
        [
          reason('lag-over-warning', 'lag 75.5 s over 60 s'),
          reason('samples-retried', 'retrying 3.2 samples/s'),
        ],
      ],
      [
        'edge-eu-4',
        'critical',
        [reason('samples-failed', '1.8 % of samples failed')],
      ],
      ['edge-eu-5', 'healthy', []],
      ['edge-gone', 'silent', [reason('no-sample', 'no sample for 40 min')]],
      [
        'edge-never-seen',
        'silent',
        [reason('never-seen', 'no sample from this cluster at its global')],
      ],
    ])('reads %s as %s', (cluster, status, reasons) => {
      expect(health(cluster, { remoteName: 'fleet-global-eu' })).toMatchObject({
        status,
        reasons,
      });
    });

    it('reads an edge quiet for longer than a shorter silentAfter as silent, despite its numbers', () => {
      expect(health('edge-eu-5', { silentAfter: 120 })).toMatchObject({
        status: 'silent',
        reasons: [reason('no-sample', 'no sample for 290 s')],
        lagSeconds: 1.2,
        lastSeen: '2025-11-26T23:55:10.004Z',
      });
    });

    it('judges the fleet queue of an edge that also writes to a vendor', () => {
      expect(
        health('edge-us-1', { remoteName: 'fleet-global-eu' }).status,
      ).toBe('healthy');
      expect(health('edge-us-1')).toMatchObject({
        status: 'critical',
        lagSeconds: 612.4,
        reasons: [
          reason('lag-over-critical', 'vendor: lag 612 s (10 min) over 120 s'),
          reason(
            'desired-shards-over-max',
            'vendor: desired shards 71.6 > max 50: raise maxShards to 94',
          ),
          reason('samples-retried', 'vendor: retrying 120 samples/s'),
        ],
      });
    });

    it('judges both queues of an edge whose global URL changed', () => {
      expect(
        health('edge-us-2', { remoteName: 'fleet-global-eu' }),
      ).toMatchObject({
        status: 'healthy',
        lagSeconds: 1.9,
      });
    });
  });
});

describe('unknownHealth', () => {
  it('says why, with no numbers', () => {
    const why = reason(
      'global-not-configured',
      'global not configured: query endpoint "global-eu" is not configured',
    );
    expect(unknownHealth(why, NOW)).toEqual({
      status: 'unknown',
      reasons: [why],
      lagSeconds: null,
      shards: { current: null, desired: null, max: null },
      pendingSamples: null,
      failedRate: null,
      retriedRate: null,
      droppedRate: null,
      lastSeen: null,
      observedAt: '2026-11-27T12:00:00.000Z',
    });
  });
});
