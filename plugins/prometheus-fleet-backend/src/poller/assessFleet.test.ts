import {
  ANNOTATION_SERIES_BUDGET,
  edgeTenant,
  parseQueueHealthResponses,
  QueueHealthResponses,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  clusterEntity,
  edgeEntity,
  globalEntity,
  WRITE_URL,
} from '../__testUtils__/clusterEntities';
import {
  FakeGlobalState,
  queueHealthBodies,
} from '../__testUtils__/queueHealthResponses';
import { assessFleet } from './assessFleet';
import { EndpointPoll } from './pollEndpoint';
import { pollKey } from './tenantPolls';

const NOW = new Date(Date.UTC(2026, 0, 10, 12, 0, 0));
const AT = NOW.getTime() / 1000;
const ref = (name: string) => `resource:default/${name}`;
const THRESHOLDS = { lagWarning: 60, lagCritical: 120, silentAfter: 300 };

const FLEET = resolveFleet(
  [
    globalEntity('global-eu', 'global-eu'),
    globalEntity('global-us', 'global-us'),
    edgeEntity('edge-eu', 'global-eu'),
    // Assigned to global-eu, its agent writes to global-us.
    edgeEntity('edge-astray', 'global-eu'),
    clusterEntity('edge-budgeted', {
      'prometheus-fleet.io/role': 'edge',
      'prometheus-fleet.io/global': ref('global-eu'),
      [ANNOTATION_SERIES_BUDGET]: '1000',
    }),
  ],
  { queryEndpoints: ['global-eu', 'global-us'] },
);

const queue = (cluster: string, remoteName: string, lag = 1) => ({
  cluster,
  remoteName,
  url: WRITE_URL,
  lag,
});

const EU: FakeGlobalState = {
  at: AT,
  queues: [
    queue('edge-eu', 'fleet-global-eu'),
    queue('edge-budgeted', 'fleet-global-eu'),
  ],
  lastSeen: { 'global-eu': AT - 1, 'edge-eu': AT - 2, 'edge-budgeted': AT - 2 },
  scrapes: {
    'global-eu': { up: 1, seriesPerScrape: 900, newest: AT - 1 },
    'edge-eu': { up: 3, seriesPerScrape: 900, newest: AT - 2 },
    'edge-budgeted': { up: 4, down: 1, seriesPerScrape: 1200, newest: AT - 2 },
  },
};

const US: FakeGlobalState = {
  at: AT,
  queues: [queue('edge-astray', 'fleet-global-us', 7)],
  lastSeen: { 'global-us': AT - 1, 'edge-astray': AT - 3 },
  scrapes: {
    'global-us': { up: 1, seriesPerScrape: 800, newest: AT - 1 },
    'edge-astray': { up: 2, seriesPerScrape: 500, newest: AT - 3 },
    // A sender without queue metrics (Grafana Alloy, vmagent) no entity declares.
    'alloy-lab': { up: 5, seriesPerScrape: 3000, newest: AT - 4 },
  },
};

function polled(
  endpoint: string,
  state: FakeGlobalState,
  withoutQuery?: 'current',
): EndpointPoll {
  const bodies: QueueHealthResponses = queueHealthBodies(state);
  if (withoutQuery) delete bodies[withoutQuery];
  return {
    endpoint,
    observation: parseQueueHealthResponses(bodies),
    failures: [],
    queries: 6,
    path: 'raw',
  };
}

function assess(
  polls: EndpointPoll[],
  onboarding?: Parameters<typeof assessFleet>[2]['onboarding'],
) {
  const { healths, problems } = assessFleet(
    FLEET,
    new Map(polls.map(p => [p.endpoint, p])),
    { now: NOW, thresholds: THRESHOLDS, onboarding },
  );
  return {
    health: (name: string) => healths.find(h => h.ref === ref(name))!.health,
    problems,
  };
}

describe('assessFleet', () => {
  describe('an edge writing to another global than its own', () => {
    it('is reported misrouted, naming both globals', () => {
      const { problems } = assess([
        polled('global-eu', EU),
        polled('global-us', US),
      ]);
      expect(problems.filter(p => p.code === 'misrouted-edge')).toEqual([
        {
          ref: ref('edge-astray'),
          code: 'misrouted-edge',
          message: `Series labelled cluster="edge-astray" arrive at global ${ref(
            'global-us',
          )}, while the catalog assigns this edge to global ${ref(
            'global-eu',
          )}, which receives none: deploy the edge's generated values, which write to ${WRITE_URL}, or set its global in the catalog to the one it writes to.`,
          severity: 'warning',
        },
      ]);
      // Neither drift against its own global nor an orphan at the other.
      expect(problems.map(p => p.code)).toEqual([
        'misrouted-edge',
        'orphan-cluster',
      ]);
    });

    it('is classified from what the global it writes to sees, not silent', () => {
      const { health } = assess([
        polled('global-eu', EU),
        polled('global-us', US),
      ]);
      expect(health('edge-astray')).toMatchObject({
        status: 'warning',
        reasons: [
          {
            code: 'misrouted',
            message: `its series arrive at ${ref(
              'global-us',
            )}, not at its own global ${ref('global-eu')}: read from there`,
          },
        ],
        lagSeconds: 7,
        lastSeen: new Date((AT - 3) * 1000).toISOString(),
        receiver: { targetsUp: 2, seriesPerScrape: 500 },
      });
      expect(health('edge-eu').status).toBe('healthy');
    });

    it('is silent, not misrouted, when the other global is not polled', () => {
      const { health, problems } = assess([polled('global-eu', EU)]);
      expect(health('edge-astray')).toMatchObject({
        status: 'silent',
        reasons: [{ code: 'never-seen' }],
      });
      expect(problems.map(p => p.code)).not.toContain('misrouted-edge');
    });

    it('is not judged misrouted while its own global answered only in part', () => {
      const { health, problems } = assess([
        polled('global-eu', EU, 'current'),
        polled('global-us', US),
      ]);
      expect(problems.map(p => p.code)).not.toContain('misrouted-edge');
      expect(health('edge-astray').status).toBe('silent');
    });

    it('is not misrouted when its own global receives it too', () => {
      const both: FakeGlobalState = {
        ...EU,
        lastSeen: { ...EU.lastSeen, 'edge-astray': AT - 2 },
        scrapes: undefined,
      };
      const { health, problems } = assess([
        polled('global-eu', both),
        polled('global-us', US),
      ]);
      expect(problems.map(p => p.code)).not.toContain('misrouted-edge');
      expect(health('edge-astray').reasons.map(r => r.code)).not.toContain(
        'misrouted',
      );
    });
  });

  it('classifies each edge with its own onboarding: one its global never heard from awaits its first data within the grace', () => {
    const joined = (hoursAgo: number) => ({
      firstSeenAt: NOW.getTime() - hoursAgo * 3600_000,
      everReported: false,
      gracePeriodSeconds: 86400,
    });
    const { health } = assess(
      [polled('global-eu', EU)],
      new Map([
        [ref('edge-astray'), joined(2)],
        [ref('edge-eu'), joined(2)],
      ]),
    );
    expect(health('edge-astray')).toMatchObject({
      status: 'pending',
      reasons: [{ code: 'awaiting-first-data' }],
    });
    // Reporting, it is judged as ever; without onboarding facts, silent as before.
    expect(health('edge-eu').status).toBe('healthy');
    expect(assess([polled('global-eu', EU)]).health('edge-astray').status).toBe(
      'silent',
    );
  });

  it('reports an orphan that sends no queue metrics, found by its scrape targets', () => {
    const { problems } = assess([
      polled('global-eu', EU),
      polled('global-us', US),
    ]);
    expect(problems.filter(p => p.code === 'orphan-cluster')).toEqual([
      {
        ref: ref('global-us'),
        code: 'orphan-cluster',
        message: expect.stringContaining(
          `cluster="alloy-lab" (newest sample ${new Date(
            (AT - 4) * 1000,
          ).toISOString()})`,
        ),
        severity: 'warning',
      },
    ]);
  });

  it('turns an edge over its series budget warning, beside what its global holds of its scrapes', () => {
    const { health } = assess([
      polled('global-eu', EU),
      polled('global-us', US),
    ]);
    expect(health('edge-budgeted')).toMatchObject({
      status: 'warning',
      reasons: [
        {
          code: 'series-over-budget',
          message: '1200 series per scrape, over its budget of 1000',
        },
      ],
      receiver: {
        targetsUp: 4,
        targetsDown: 1,
        seriesPerScrape: 1200,
        newestSampleAt: new Date((AT - 2) * 1000).toISOString(),
      },
    });
    // The same series without a budget are fine.
    expect(health('edge-eu')).toMatchObject({
      status: 'healthy',
      receiver: { seriesPerScrape: 900 },
    });
  });
});

describe('assessFleet at a global read by tenant', () => {
  const tenantEdge = (name: string, tenant?: string, label?: string) =>
    clusterEntity(name, {
      'prometheus-fleet.io/role': 'edge',
      'prometheus-fleet.io/global': ref('global-mt'),
      ...(tenant ? { 'prometheus-fleet.io/tenant': tenant } : {}),
      ...(label ? { 'prometheus-fleet.io/cluster-label': label } : {}),
    });
  const MT_FLEET = resolveFleet(
    [
      globalEntity('global-mt', 'mimir'),
      tenantEdge('edge-a', 'team-a'),
      tenantEdge('edge-b', 'team-b'),
      // One label in two tenants: two senders.
      tenantEdge('shared-a', 'team-a', 'shared'),
      tenantEdge('shared-b', 'team-b', 'shared'),
      tenantEdge('edge-untenanted'),
      // Its values say team-a; its agent writes as team-b.
      tenantEdge('edge-wrong', 'team-a'),
    ],
    {
      queryEndpoints: ['mimir'],
      queryEndpointEngines: { mimir: 'mimir' },
    },
  );

  const tenantState = (...labels: string[]): FakeGlobalState => ({
    at: AT,
    queues: labels.map(label => queue(label, 'fleet-global-mt')),
    lastSeen: Object.fromEntries(labels.map(label => [label, AT - 2])),
  });

  function assessTenants(states: Record<string, FakeGlobalState>) {
    const polls = Object.entries(states).map(([tenant, state]) => ({
      ...polled('mimir', state),
      tenant,
    }));
    const { healths, problems } = assessFleet(
      MT_FLEET,
      new Map(polls.map(p => [pollKey(p.endpoint, p.tenant), p])),
      {
        now: NOW,
        thresholds: THRESHOLDS,
        tenantOf: edge => edgeTenant(edge, 'mimir'),
      },
    );
    return {
      health: (name: string) => healths.find(h => h.ref === ref(name))!.health,
      problems,
    };
  }

  const EVERY_TENANT_RIGHT = {
    'team-a': tenantState('edge-a', 'shared', 'edge-wrong'),
    'team-b': tenantState('edge-b', 'shared'),
    anonymous: tenantState('edge-untenanted'),
  };

  it('reads each edge in its own tenant, the one without a tenant in the default one', () => {
    const { health, problems } = assessTenants(EVERY_TENANT_RIGHT);
    for (const name of [
      'edge-a',
      'edge-b',
      'shared-a',
      'shared-b',
      'edge-untenanted',
      'edge-wrong',
    ]) {
      expect([name, health(name).status]).toEqual([name, 'healthy']);
    }
    expect(problems).toEqual([]);
  });

  it('tells apart one label in two tenants: one silent, the other healthy', () => {
    const { health, problems } = assessTenants({
      ...EVERY_TENANT_RIGHT,
      'team-b': tenantState('edge-b'),
    });
    expect(health('shared-a').status).toBe('healthy');
    expect(health('shared-b').status).toBe('silent');
    // The series in team-a are shared-a's, not shared-b's in the wrong tenant.
    expect(problems).toEqual([]);
  });

  it('reports an edge writing as another tenant, and reads its health there', () => {
    const { health, problems } = assessTenants({
      ...EVERY_TENANT_RIGHT,
      'team-a': tenantState('edge-a', 'shared'),
      'team-b': tenantState('edge-b', 'shared', 'edge-wrong'),
    });
    expect(problems).toEqual([
      {
        ref: ref('edge-wrong'),
        code: 'tenant-mismatch',
        message: `Series labelled cluster="edge-wrong" arrive at ${ref(
          'global-mt',
        )} in tenant "team-b", while its values send them as tenant "team-a", which holds none: deploy the edge's generated values, or set its prometheus-fleet.io/tenant to the tenant it writes as.`,
        severity: 'warning',
      },
    ]);
    expect(health('edge-wrong')).toMatchObject({
      status: 'warning',
      reasons: [
        {
          code: 'wrong-tenant',
          message:
            'its series arrive in tenant "team-b", not in its own tenant "team-a": read from there',
        },
      ],
      lagSeconds: 1,
    });
  });

  it('reports orphans per tenant: a label the catalog puts in another tenant only', () => {
    const { problems } = assessTenants({
      ...EVERY_TENANT_RIGHT,
      anonymous: tenantState('edge-untenanted', 'edge-a'),
    });
    expect(problems).toEqual([
      {
        ref: ref('global-mt'),
        code: 'orphan-cluster',
        message: expect.stringMatching(
          /^The global receives in tenant "anonymous" series labelled cluster="edge-a" \(newest sample /,
        ),
        severity: 'warning',
      },
    ]);
  });
});
