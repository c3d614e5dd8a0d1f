import { DEFAULT_THRESHOLDS } from './thresholds';

describe('DEFAULT_THRESHOLDS', () => {
  it('follows the mixin: 60 s warning, 120 s critical, silent after 5 min', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      lagWarning: 60,
      lagCritical: 120,
      silentAfter: 300,
    });
  });
});
