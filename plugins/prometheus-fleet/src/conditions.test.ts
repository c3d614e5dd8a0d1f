import {
  isPrometheusFleetAvailable,
  isPrometheusFleetGlobal,
} from './conditions';
import { clusterEntity } from './testUtils/fixtures';

describe('conditions', () => {
  it('offers the monitoring tab to every cluster that asks to join the fleet', () => {
    expect(isPrometheusFleetAvailable(clusterEntity('e', 'edge'))).toBe(true);
    expect(isPrometheusFleetAvailable(clusterEntity('g', 'global'))).toBe(true);
    // An invalid role is exactly what the tab explains.
    expect(isPrometheusFleetAvailable(clusterEntity('x', 'primary'))).toBe(
      true,
    );
  });

  it('leaves out entities that are not fleet clusters', () => {
    const cluster = clusterEntity('e', 'edge');
    expect(
      isPrometheusFleetAvailable({ ...cluster, metadata: { name: 'e' } }),
    ).toBe(false);
    expect(
      isPrometheusFleetAvailable({ ...cluster, spec: { type: 'database' } }),
    ).toBe(false);
    expect(isPrometheusFleetAvailable({ ...cluster, kind: 'Component' })).toBe(
      false,
    );
  });

  it('shows the global card on globals only', () => {
    expect(isPrometheusFleetGlobal(clusterEntity('g', 'global'))).toBe(true);
    expect(isPrometheusFleetGlobal(clusterEntity('e', 'edge'))).toBe(false);
  });
});
