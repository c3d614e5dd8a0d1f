import { edgeHealthSamples, edgeRefsOf, globalLabelOf } from './edgeSamples';
import {
  fleetCluster,
  fleetOf,
  queueHealth,
} from './__testUtils__/fleetFixtures';

const globalEu = fleetCluster('global-eu', 'global');
const globalOps = fleetCluster('ops/global-us', 'global');
const edgeEu1 = fleetCluster('edge-eu-1', 'edge', {
  global: globalEu.ref,
  clusterLabel: 'eu-1',
});
const edgeUs1 = fleetCluster('ops/edge-us-1', 'edge', {
  global: globalOps.ref,
});
const orphanEdge = fleetCluster('edge-lost', 'edge');

describe('edgeRefsOf', () => {
  it('lists the edges of the fleet only', () => {
    expect(edgeRefsOf(fleetOf(globalEu, edgeEu1, globalOps, edgeUs1))).toEqual([
      'resource:default/edge-eu-1',
      'resource:ops/edge-us-1',
    ]);
  });
});

describe('globalLabelOf', () => {
  it.each([
    ['resource:default/global-eu', 'global-eu'],
    ['resource:ops/global-us', 'ops/global-us'],
    [undefined, ''],
  ])('labels %s as %j', (ref, label) => {
    expect(globalLabelOf(ref)).toBe(label);
  });
});

describe('edgeHealthSamples', () => {
  it("gives each edge's labels, status, lag and last seen, in fleet order", () => {
    const fleet = fleetOf(globalEu, edgeEu1, globalOps, edgeUs1, orphanEdge);
    const health = new Map([
      [
        edgeEu1.ref,
        queueHealth('healthy', {
          lagSeconds: 12.5,
          lastSeen: '2026-01-01T00:00:00.000Z',
        }),
      ],
      [edgeUs1.ref, queueHealth('silent', { lastSeen: null })],
      [orphanEdge.ref, queueHealth('unknown')],
    ]);

    expect(edgeHealthSamples(fleet, health)).toEqual([
      {
        labels: { cluster: 'eu-1', global: 'global-eu' },
        status: 'healthy',
        lagSeconds: 12.5,
        lastSeenMs: Date.parse('2026-01-01T00:00:00.000Z'),
      },
      {
        labels: { cluster: 'edge-us-1', global: 'ops/global-us' },
        status: 'silent',
        lagSeconds: null,
        lastSeenMs: null,
      },
      {
        labels: { cluster: 'edge-lost', global: '' },
        status: 'unknown',
        lagSeconds: null,
        lastSeenMs: null,
      },
    ]);
  });

  it('leaves out edges without health, globals, and health of clusters not in the fleet', () => {
    const fleet = fleetOf(globalEu, edgeEu1);
    const health = new Map([
      [globalEu.ref, queueHealth('healthy')],
      ['resource:default/edge-gone', queueHealth('critical')],
    ]);

    expect(edgeHealthSamples(fleet, health)).toEqual([]);
  });

  it('keeps the first of two edges with the same labels', () => {
    const twin = fleetCluster('edge-eu-1-twin', 'edge', {
      global: globalEu.ref,
      clusterLabel: 'eu-1',
    });
    const health = new Map([
      [edgeEu1.ref, queueHealth('healthy')],
      [twin.ref, queueHealth('critical')],
    ]);

    const samples = edgeHealthSamples(fleetOf(edgeEu1, twin), health);

    expect(samples.map(s => s.status)).toEqual(['healthy']);
  });

  it('reads a lag or last seen that is not a number as unknown', () => {
    const health = new Map([
      [
        edgeEu1.ref,
        queueHealth('warning', { lagSeconds: NaN, lastSeen: 'yesterday' }),
      ],
    ]);

    expect(edgeHealthSamples(fleetOf(edgeEu1), health)).toEqual([
      expect.objectContaining({ lagSeconds: null, lastSeenMs: null }),
    ]);
  });
});
