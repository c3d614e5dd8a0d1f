import { HealthStatus } from 'backstage-plugin-prometheus-fleet-common';
import { downsample } from './downsample';

const points = (statuses: HealthStatus[]) =>
  statuses.map((status, i) => ({ observedAt: i * 10, status }));

describe('downsample', () => {
  it('returns the points as they are when they fit', () => {
    const few = points(['healthy', 'critical', 'healthy']);
    expect(downsample(few, { from: 0, to: 30 }, 3)).toEqual(few);
  });

  it('keeps the worst point of each time bucket, the latest of equals', () => {
    const many = points([
      'healthy',
      'healthy',
      'warning',
      'healthy',
      'healthy',
      'healthy',
      'silent',
      'critical',
    ]);

    expect(downsample(many, { from: 0, to: 80 }, 4)).toEqual([
      { observedAt: 10, status: 'healthy' },
      { observedAt: 20, status: 'warning' },
      { observedAt: 50, status: 'healthy' },
      { observedAt: 60, status: 'silent' },
    ]);
  });

  it('never returns more than the cap, whatever the spread of the points', () => {
    const many = points(Array(1000).fill('healthy'));
    expect(downsample(many, { from: 0, to: 10_000 }, 7)).toHaveLength(7);
    expect(
      downsample(many, { from: 5000, to: 5001 }, 7).length,
    ).toBeLessThanOrEqual(7);
  });
});
