import {
  ClusterView,
  HealthStatus,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { summarizeFleetHealth } from './summarizeFleetHealth';

function health(status: HealthStatus, lagSeconds: number | null): QueueHealth {
  return {
    status,
    reasons: [],
    lagSeconds,
    shards: { current: null, desired: null, max: null },
    pendingSamples: null,
    failedRate: null,
    retriedRate: null,
    droppedRate: null,
    lastSeen: null,
    observedAt: '2026-01-10T12:00:00.000Z',
  };
}

function edge(name: string, status?: HealthStatus, lag: number | null = null) {
  return {
    ref: `resource:default/${name}`,
    namespace: 'default',
    name,
    role: 'edge',
    global: 'resource:default/global',
    clusterLabel: name,
    problems: [],
    ...(status ? { health: health(status, lag) } : {}),
  } satisfies ClusterView;
}

describe('summarizeFleetHealth', () => {
  it('orders worst first, then furthest behind, then by ref, edges never polled last', () => {
    const summary = summarizeFleetHealth(
      [
        edge('new'),
        edge('fine', 'healthy', 1),
        edge('b-slow', 'warning', 70),
        edge('a-slower', 'warning', 90),
        edge('c-also', 'warning', 70),
        edge('waiting', 'pending'),
        edge('down', 'critical', 500),
        { ...edge('global'), role: 'global' },
      ],
      [],
      { limit: 20 },
    );

    expect(summary.edges.map(e => [e.ref.slice(17), e.status])).toEqual([
      ['down', 'critical'],
      ['a-slower', 'warning'],
      ['b-slow', 'warning'],
      ['c-also', 'warning'],
      ['waiting', 'pending'],
      ['fine', 'healthy'],
      ['new', 'not-polled'],
    ]);
    expect(summary.counts).toEqual({
      critical: 1,
      silent: 0,
      warning: 3,
      unknown: 0,
      pending: 1,
      healthy: 1,
      'not-polled': 1,
    });
    expect(summary.edgeCount).toBe(7);
    expect(summary.edges[6]).toEqual({
      ref: 'resource:default/new',
      global: 'resource:default/global',
      clusterLabel: 'new',
      status: 'not-polled',
      reasons: [],
      lagSeconds: null,
      lastSeen: null,
    });
  });

  it('keeps every problem of the fleet, rejected entities too, when the scope is the whole fleet', () => {
    const problems = [
      {
        ref: 'component:default/payments',
        code: 'not-a-cluster' as const,
        message: 'not a cluster',
        severity: 'error' as const,
      },
    ];

    expect(
      summarizeFleetHealth([edge('a', 'healthy', 1)], problems, { limit: 20 })
        .problems,
    ).toEqual([{ ...problems[0], source: 'catalog' }]);
    expect(
      summarizeFleetHealth([edge('a', 'healthy', 1)], problems, {
        limit: 20,
        owner: () => true,
      }).problems,
    ).toEqual([]);
  });
});
