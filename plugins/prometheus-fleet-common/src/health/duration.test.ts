import {
  formatAbove,
  formatDuration,
  formatNumber,
  InvalidDurationError,
  parseDuration,
} from './duration';
import { DEFAULT_THRESHOLDS, resolveThresholds } from './thresholds';

describe('parseDuration', () => {
  it.each([
    ['60s', 60],
    ['5m', 300],
    ['7d', 604800],
    ['1h30m', 5400],
    ['2w', 1209600],
    ['1y', 31536000],
    ['1m30s500ms', 90.5],
    ['250ms', 0.25],
    [' 90s ', 90],
    [45, 45],
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it.each(['', '5', 'm', '5 m', '1.5m', '5min', '30s1m', '-5m', '0s', 'PT5M'])(
    'rejects %p with a typed error',
    input => {
      expect(() => parseDuration(input)).toThrow(InvalidDurationError);
    },
  );

  it.each([0, -1, NaN, Infinity])('rejects the number %p', input => {
    expect(() => parseDuration(input)).toThrow(InvalidDurationError);
  });

  it('names the value and the expected syntax', () => {
    expect(() => parseDuration('5 minutes')).toThrow(
      /Invalid duration "5 minutes": expected a number followed by a unit/,
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0.4, '0.4 s'],
    [65.44, '65.4 s'],
    [143.08, '143 s'],
    [299, '299 s'],
    [300, '5 min'],
    [360, '6 min'],
    [419, '6 min'],
    [7199, '119 min'],
    [7200, '2 h'],
    [172800, '2 d'],
  ])('writes %p s as %p', (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [0.0042, '0.0042'],
    [0.123, '0.12'],
    [3.24, '3.2'],
    [12, '12'],
    [120.4, '120'],
  ])('writes %p as %p', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });
});

describe('formatAbove', () => {
  it.each([
    [143.08, 120, '143'],
    [120.4, 120, '120.4'],
    [120.04, 120, '120.04'],
    [1.0004, 1, '1'],
    [1.8, 1, '1.8'],
  ])(
    'writes %p over %p as %p, with at most three decimals',
    (value, limit, text) => {
      expect(formatAbove(value, limit)).toBe(text);
    },
  );
});

describe('resolveThresholds', () => {
  it('defaults to the mixin: 60 s warning, 120 s critical, silent after 5 min', () => {
    expect(resolveThresholds()).toEqual({
      lagWarning: 60,
      lagCritical: 120,
      silentAfter: 300,
    });
    expect(DEFAULT_THRESHOLDS).toEqual(resolveThresholds({}));
  });

  it('reads configured durations over the defaults', () => {
    expect(
      resolveThresholds({ lagWarning: '30s', silentAfter: '10m' }),
    ).toEqual({
      lagWarning: 30,
      lagCritical: 120,
      silentAfter: 600,
    });
  });

  it('rejects a warning lag above the critical one', () => {
    expect(() => resolveThresholds({ lagCritical: '45s' })).toThrow(
      'lagWarning (60 s) must not exceed lagCritical (45 s)',
    );
  });

  it('rejects an unreadable duration', () => {
    expect(() => resolveThresholds({ silentAfter: 'soon' })).toThrow(
      InvalidDurationError,
    );
  });
});
