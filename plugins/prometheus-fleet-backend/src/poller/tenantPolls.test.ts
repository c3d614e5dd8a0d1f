import {
  buildQueueHealthQueries,
  QueueHealthQuery,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  InstantQueryRequest,
  PrometheusQueryClient,
  QueryEndpointConfig,
} from 'backstage-plugin-prometheus-fleet-node';
import { FleetQueryEndpoint } from '../config';
import { queueHealthBodies } from '../__testUtils__/queueHealthResponses';
import { pollTenants } from './tenantPolls';

const AT = 1_767_000_000;
const WINDOWS = { windowSeconds: 300, lastSeenWindowSeconds: 3600 };

interface Call {
  headers: Record<string, string>;
  promql: string;
}

/**
 * A multi-tenant global where each tenant holds one edge, cluster="eu" (the
 * same label in every tenant: different senders), last seen `lastSeen[t]`
 * seconds ago. Per-tenant queries see their tenant's; federated ones every
 * tenant's, each series labelled with its tenant.
 */
class TenantGlobal implements PrometheusQueryClient {
  readonly calls: Call[] = [];
  constructor(
    private readonly header: string,
    private readonly tenantLabel: string,
    private readonly lastSeen: Record<string, number>,
  ) {}

  async instantQuery(endpoint: QueryEndpointConfig, req: InstantQueryRequest) {
    this.calls.push({ headers: endpoint.headers, promql: req.promql });
    const asked = endpoint.headers[this.header];
    const federated = req.promql.includes(this.tenantLabel);
    const tenants =
      federated || asked === undefined
        ? Object.keys(this.lastSeen)
        : asked.split('|');
    const id = idOf(req.promql);
    const result = tenants.flatMap(tenant =>
      (
        queueHealthBodies({
          at: AT,
          queues: [{ cluster: 'eu', remoteName: 'fleet-g', url: 'http://g' }],
          lastSeen: { eu: AT - this.lastSeen[tenant] },
        })[id] as any
      ).data.result.map((sample: any) => ({
        ...sample,
        metric: federated
          ? { ...sample.metric, [this.tenantLabel]: tenant }
          : sample.metric,
      })),
    );
    return {
      status: 'success' as const,
      data: { resultType: 'vector' as const, result },
    };
  }
}

const rawQueries = buildQueueHealthQueries({
  window: 300,
  lastSeenWindow: 3600,
});
function idOf(promql: string) {
  const plain = promql.replace(/, (__tenant_id__|tenant_id)/g, '');
  return rawQueries.find(q => q.promql === plain)!.id;
}

function poll(
  client: PrometheusQueryClient,
  endpoint: Partial<FleetQueryEndpoint>,
  tenants: string[],
) {
  return pollTenants({
    client,
    endpoint: {
      name: 'g',
      url: 'http://g',
      headers: {},
      timeoutMs: 1000,
      ...endpoint,
    },
    path: 'raw',
    rawQueries,
    federatedQueries: (tenantLabel): QueueHealthQuery[] =>
      buildQueueHealthQueries({
        window: 300,
        lastSeenWindow: 3600,
        tenantLabel,
      }),
    windows: WINDOWS,
    expected: new Map(tenants.map(t => [t, ['eu']])),
    time: new Date(AT * 1000),
  });
}

const lastSeenByTenant = (polls: Awaited<ReturnType<typeof poll>>) =>
  Object.fromEntries(
    polls.map(p => [p.tenant, p.observation!.edges.get('eu')!.lastSeen]),
  );

describe('pollTenants', () => {
  it('reads a Prometheus once, without a tenant', async () => {
    const client = new TenantGlobal('X-Scope-OrgID', '__tenant_id__', {
      only: 5,
    });
    const polls = await pollTenants({
      client,
      endpoint: { name: 'g', url: 'http://g', headers: {}, timeoutMs: 1000 },
      path: 'raw',
      rawQueries,
      federatedQueries: () => [],
      windows: WINDOWS,
      expected: new Map([[undefined, ['eu']]]),
      time: new Date(AT * 1000),
    });
    expect(polls.map(p => [p.tenant, p.queries])).toEqual([[undefined, 6]]);
    expect(client.calls.every(c => !('X-Scope-OrgID' in c.headers))).toBe(true);
  });

  it('reads Mimir per tenant: one query set per tenant, each with its X-Scope-OrgID', async () => {
    const client = new TenantGlobal('X-Scope-OrgID', '__tenant_id__', {
      'team-a': 5,
      'team-b': 50,
    });
    const polls = await poll(
      client,
      { engine: 'mimir', tenancy: 'per-tenant' },
      ['team-b', 'team-a'],
    );

    expect(client.calls).toHaveLength(12);
    expect(client.calls.map(c => c.headers['X-Scope-OrgID']).sort()).toEqual([
      ...Array(6).fill('team-a'),
      ...Array(6).fill('team-b'),
    ]);
    expect(client.calls.some(c => c.promql.includes('__tenant_id__'))).toBe(
      false,
    );
    expect(lastSeenByTenant(polls)).toEqual({
      'team-a': AT - 5,
      'team-b': AT - 50,
    });
  });

  it('reads Mimir federated: one query set for a|b, keeping __tenant_id__ through every aggregation, split by tenant', async () => {
    const client = new TenantGlobal('X-Scope-OrgID', '__tenant_id__', {
      'team-a': 5,
      'team-b': 50,
    });
    const polls = await poll(
      client,
      { engine: 'mimir', tenancy: 'federated' },
      ['team-a', 'team-b'],
    );

    expect(client.calls).toHaveLength(6);
    for (const call of client.calls) {
      expect(call.headers['X-Scope-OrgID']).toBe('team-a|team-b');
      for (const by of call.promql.match(/by \([^)]*\)/g)!) {
        expect(by).toContain('__tenant_id__');
      }
    }
    expect(polls.map(p => p.queries)).toEqual([6, 0]);
    expect(lastSeenByTenant(polls)).toEqual({
      'team-a': AT - 5,
      'team-b': AT - 50,
    });
  });

  it('reads Thanos federated: one query over every tenant, without a header, split by tenant_id; a tenant the catalog does not know is read too', async () => {
    const client = new TenantGlobal('THANOS-TENANT', 'tenant_id', {
      'default-tenant': 5,
      'team-b': 50,
      stray: 7,
    });
    const polls = await poll(
      client,
      { engine: 'thanos', tenancy: 'federated' },
      ['default-tenant', 'team-b'],
    );

    expect(client.calls).toHaveLength(6);
    expect(client.calls.every(c => !('THANOS-TENANT' in c.headers))).toBe(true);
    expect(client.calls[0].promql).toContain('tenant_id');
    expect(lastSeenByTenant(polls)).toEqual({
      'default-tenant': AT - 5,
      'team-b': AT - 50,
      stray: AT - 7,
    });
  });

  it('reads Thanos per tenant, with THANOS-TENANT, when the query tier enforces tenancy', async () => {
    const client = new TenantGlobal('THANOS-TENANT', 'tenant_id', {
      'team-a': 5,
    });
    await poll(client, { engine: 'thanos', tenancy: 'per-tenant' }, ['team-a']);
    expect(client.calls.map(c => c.headers['THANOS-TENANT'])).toEqual(
      Array(6).fill('team-a'),
    );
  });
});
