import { formatAbove, formatDuration, formatNumber, plural } from './format';

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

describe('plural', () => {
  it.each([
    [1, 'edge', undefined, '1 edge'],
    [0, 'edge', undefined, '0 edges'],
    [3, 'query', 'queries', '3 queries'],
  ])('counts %p %p', (count, one, many, text) => {
    expect(plural(count, one, many)).toBe(text);
  });
});
