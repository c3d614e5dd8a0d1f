import { Entity } from '@backstage/catalog-model';
import { resolveFleet } from 'backstage-plugin-prometheus-fleet-common';
import { findCluster } from './findCluster';
import { clusterEntity, edgeEntity, globalEntity } from './testing';

const fleet = resolveFleet([
  globalEntity('global-eu'),
  edgeEntity('edge-eu-1'),
  edgeEntity('edge-eu-2'),
  clusterEntity(
    'edge-eu-2',
    { 'prometheus-fleet.io/role': 'edge' },
    { namespace: 'payments' },
  ),
  clusterEntity('lab', { 'prometheus-fleet.io/role': 'sidecar' }),
] as Entity[]);

describe('findCluster', () => {
  it.each([
    ['a bare name', 'edge-eu-1'],
    ['namespace/name', 'default/edge-eu-1'],
    ['a full ref', 'resource:default/edge-eu-1'],
    ['a ref without namespace', 'resource:edge-eu-1'],
    ['any letter case', 'Resource:Default/EDGE-EU-1'],
  ])('finds a cluster by %s', (_, query) => {
    expect(findCluster(fleet, query).ref).toBe('resource:default/edge-eu-1');
  });

  it('tells namespaces apart when given namespace/name', () => {
    expect(findCluster(fleet, 'payments/edge-eu-2').ref).toBe(
      'resource:payments/edge-eu-2',
    );
  });

  it('refuses a bare name that exists in several namespaces, listing the refs', () => {
    expect(() => findCluster(fleet, 'edge-eu-2')).toThrow(
      'Cluster name "edge-eu-2" is ambiguous: resource:default/edge-eu-2, resource:payments/edge-eu-2. Pass namespace/name or the full ref.',
    );
  });

  it('finds entities that asked to join the fleet but were rejected', () => {
    expect(findCluster(fleet, 'lab')).toMatchObject({
      ref: 'resource:default/lab',
      problems: [expect.objectContaining({ code: 'unknown-role' })],
    });
  });

  it('suggests close matches for an unknown cluster', () => {
    expect(() => findCluster(fleet, 'edge-eu-3')).toThrow(
      'No cluster "edge-eu-3" in the fleet. Did you mean resource:default/edge-eu-1, resource:default/edge-eu-2, resource:payments/edge-eu-2?',
    );
  });

  it('lists the fleet when nothing is close', () => {
    expect(() => findCluster(fleet, 'resource:default/asia-pacific')).toThrow(
      'No cluster "resource:default/asia-pacific" in the fleet. Clusters: resource:default/global-eu, resource:default/edge-eu-1',
    );
  });

  it('explains when the cluster is in the catalog without a role', () => {
    expect(() =>
      findCluster(fleet, 'staging', [
        'resource:default/staging',
        'component:default/staging',
      ]),
    ).toThrow(
      'resource:default/staging is in the catalog but not in the fleet: no prometheus-fleet.io/role annotation.',
    );
  });

  it('rejects input that is not a name or ref', () => {
    expect(() => findCluster(fleet, 'resource:/edge-eu-1')).toThrow(
      '"resource:/edge-eu-1" is not a cluster name or entity ref',
    );
  });
});
