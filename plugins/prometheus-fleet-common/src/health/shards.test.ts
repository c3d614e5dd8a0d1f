import { suggestedMaxShards } from './shards';

describe('suggestedMaxShards', () => {
  it.each([
    [40, 20, 52],
    [12, 10, 16],
    [10, 1, 13],
    [10.02, 10, 14],
    [71.6, 50, 94],
  ])(
    'suggests 30 %% above %p desired shards over max %p: %p',
    (desired, max, suggested) => {
      expect(suggestedMaxShards({ desired, max })).toBe(suggested);
    },
  );

  it.each([
    [10, 10],
    [3, 50],
    [null, 10],
    [80, null],
  ])(
    'suggests nothing for %p desired shards against max %p',
    (desired, max) => {
      expect(suggestedMaxShards({ desired, max })).toBeUndefined();
    },
  );
});
