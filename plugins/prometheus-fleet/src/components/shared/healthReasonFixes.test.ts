import {
  classifyEdgeHealth,
  EdgeQueueSample,
  EdgeSamples,
} from 'backstage-plugin-prometheus-fleet-common';
import { HEALTH_REASON_FIXES } from './healthReasonFixes';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

function queue(overrides: Partial<EdgeQueueSample> = {}): EdgeQueueSample {
  return {
    remoteName: 'fleet-global-eu',
    url: 'https://prom.global-eu.example.com/api/v1/write',
    lagSeconds: 2,
    shards: { current: 2, desired: 2, max: 10 },
    pendingSamples: 0,
    sentRate: 100,
    failedRate: 0,
    retriedRate: 0,
    droppedRate: 0,
    ...overrides,
  };
}

function edge(overrides: Partial<EdgeSamples> = {}): EdgeSamples {
  return {
    cluster: 'edge-eu-1',
    queues: [queue()],
    lastSeen: NOW / 1000 - 5,
    receiver: {
      targetsUp: 3,
      targetsDown: 0,
      seriesPerScrape: 9000,
      newestSample: NOW / 1000 - 5,
    },
    failedQueries: [],
    ...overrides,
  };
}

type Options = Omit<Parameters<typeof classifyEdgeHealth>[1], 'now'>;

/** Every kind of reason the classifier gives, one edge each, with options. */
const EDGES: Array<EdgeSamples | [EdgeSamples, Options]> = [
  edge({ queues: [queue({ lagSeconds: 90 })] }),
  edge({ queues: [queue({ lagSeconds: 600 })] }),
  edge({ queues: [queue({ failedRate: 50 })] }),
  edge({ queues: [queue({ retriedRate: 3 })] }),
  edge({ queues: [queue({ shards: { current: 10, desired: 14, max: 10 } })] }),
  edge({ queues: [queue({ remoteName: 'hand-made' })] }),
  edge({ queues: [] }),
  edge({ failedQueries: ['timestamps', 'shardLimits'] }),
  edge({ lastSeen: NOW / 1000 - 3600 }),
  edge({ queues: [], lastSeen: null }),
  [
    edge({ queues: [], lastSeen: null }),
    {
      onboarding: {
        firstSeenAt: NOW - 3600_000,
        everReported: false,
        gracePeriodSeconds: 86400,
      },
    },
  ],
  [edge(), { seriesBudget: 5000 }],
  [
    edge(),
    {
      misrouted: {
        ownGlobal: 'resource:default/global-eu',
        receivingGlobal: 'resource:default/global-us',
      },
    },
  ],
];

describe('HEALTH_REASON_FIXES', () => {
  it('has a fix for every reason the classifier gives', () => {
    const reasons = EDGES.flatMap(entry => {
      const [samples, options] = Array.isArray(entry) ? entry : [entry, {}];
      return classifyEdgeHealth(samples, {
        now: NOW,
        remoteName: 'fleet-global-eu',
        ...options,
      }).reasons;
    });
    const codes = new Set(reasons.map(reason => reason.code));

    expect([...codes].sort()).toEqual([
      'awaiting-first-data',
      'desired-shards-over-max',
      'lag-over-critical',
      'lag-over-warning',
      'misrouted',
      'never-seen',
      'no-queue-metrics',
      'no-sample',
      'query-failed',
      'queue-not-found',
      'samples-failed',
      'samples-retried',
      'series-over-budget',
    ]);
    for (const code of codes) {
      expect([code, HEALTH_REASON_FIXES[code]]).toEqual([
        code,
        expect.stringMatching(/\S/),
      ]);
    }
  });

  it('gives each code a fix of its own', () => {
    const fixes = Object.values(HEALTH_REASON_FIXES);
    expect(fixes.every(fix => fix.trim().length > 0)).toBe(true);
    expect(new Set(fixes).size).toBe(fixes.length);
  });
});
