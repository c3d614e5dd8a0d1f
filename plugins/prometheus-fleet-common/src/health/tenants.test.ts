import { parseQueueHealthResponses } from './parse';
import { buildQueueHealthQueries } from './queries';
import { splitResponsesByTenant } from './tenants';

const vector = (result: unknown[]) => ({
  status: 'success',
  data: { resultType: 'vector', result },
});
const appended = (cluster: string, tenant: string | undefined, at: number) => ({
  metric: {
    cluster,
    job: 'prometheus',
    instance: 'p-0',
    quantity: 'highest_appended',
    ...(tenant ? { __tenant_id__: tenant } : {}),
  },
  value: [at, String(at)],
});

describe('splitResponsesByTenant', () => {
  it('gives each tenant its own series, without the tenant label: the same cluster label in two tenants is two senders', () => {
    const split = splitResponsesByTenant(
      {
        timestamps: vector([
          appended('edge-1', 'team-a', 1000),
          appended('edge-1', 'team-b', 2000),
          appended('stray', 'team-c', 3000),
        ]),
        current: { status: 'error', error: 'too many samples' },
      },
      '__tenant_id__',
      ['team-a', 'team-b', 'team-d'],
    );

    expect([...split.keys()].sort()).toEqual([
      'team-a',
      'team-b',
      'team-c',
      'team-d',
    ]);
    const a = parseQueueHealthResponses(split.get('team-a')!);
    const b = parseQueueHealthResponses(split.get('team-b')!);
    expect(a.edges.get('edge-1')!.lastSeen).toBe(1000);
    expect(b.edges.get('edge-1')!.lastSeen).toBe(2000);
    expect(a.edges.has('stray')).toBe(false);
    expect(
      parseQueueHealthResponses(split.get('team-c')!).edges.has('stray'),
    ).toBe(true);
    // A tenant with nothing: answered, empty.
    expect(parseQueueHealthResponses(split.get('team-d')!).edges.size).toBe(0);
    // The failed query fails for every tenant.
    expect(a.failures.map(f => f.query)).toContain('current');
    expect(
      (split.get('team-a')!.timestamps as any).data.result[0].metric,
    ).not.toHaveProperty('__tenant_id__');
  });
});

describe('federated queries', () => {
  it('keep the tenant label through every aggregation', () => {
    for (const query of buildQueueHealthQueries({ tenantLabel: 'tenant_id' })) {
      const groupings = query.promql.match(/by \(([^)]*)\)/g) ?? [];
      expect(groupings.length).toBeGreaterThan(0);
      for (const by of groupings) expect(by).toContain('tenant_id');
    }
    expect(buildQueueHealthQueries()[0].promql).not.toContain('tenant');
  });
});
