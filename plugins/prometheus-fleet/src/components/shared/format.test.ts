import {
  formatCount,
  formatDuration,
  formatRate,
  formatTimeAgo,
} from './format';

describe('format', () => {
  it('writes durations in the unit they are in', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(7_800)).toBe('2 h 10 min');
    expect(formatDuration(null)).toBe('—');
  });

  it('keeps small rates distinguishable from zero', () => {
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(0.0042)).toBe('0.004/s');
    expect(formatRate(1234.56)).toBe('1,234.6/s');
    expect(formatRate(undefined)).toBe('—');
  });

  it('groups counts', () => {
    expect(formatCount(15000)).toBe('15,000');
    expect(formatCount(null)).toBe('—');
  });

  it('writes times relative to now', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(formatTimeAgo('2025-01-01T11:59:30Z', now)).toBe('30 seconds ago');
    expect(formatTimeAgo('2025-01-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatTimeAgo(null, now)).toBe('never');
  });
});
