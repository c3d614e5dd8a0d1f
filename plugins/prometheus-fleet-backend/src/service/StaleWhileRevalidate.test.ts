import { StaleWhileRevalidate } from './StaleWhileRevalidate';

describe('StaleWhileRevalidate', () => {
  let clock: number;
  let loads: number;
  let reloadErrors: unknown[];
  let next: () => Promise<string>;

  const cache = () =>
    new StaleWhileRevalidate<string>({
      load: () => {
        loads += 1;
        return next();
      },
      maxAgeMs: 1000,
      now: () => clock,
      onReloadError: error => reloadErrors.push(error),
    });

  beforeEach(() => {
    clock = 0;
    loads = 0;
    reloadErrors = [];
    next = async () => `v${loads}`;
  });

  it('loads once for callers that come together, and not again while fresh', async () => {
    const values = cache();

    await expect(Promise.all([values.get(), values.get()])).resolves.toEqual([
      'v1',
      'v1',
    ]);
    clock = 999;
    await expect(values.get()).resolves.toBe('v1');
    expect(loads).toBe(1);
  });

  it('answers with the old value once stale, and reloads once behind the callers', async () => {
    const values = cache();
    await values.get();
    let finishReload!: () => void;
    next = () =>
      new Promise(resolve => {
        finishReload = () => resolve('v2');
      });

    clock = 1000;
    await expect(values.get()).resolves.toBe('v1');
    await expect(values.get()).resolves.toBe('v1');
    expect(loads).toBe(2);

    finishReload();
    await new Promise(setImmediate);
    await expect(values.get()).resolves.toBe('v2');
  });

  it('keeps the old value when a reload fails, and retries after another max age', async () => {
    const values = cache();
    await values.get();
    next = async () => {
      throw new Error('catalog down');
    };

    clock = 1000;
    await expect(values.get()).resolves.toBe('v1');
    await new Promise(setImmediate);
    await expect(values.get()).resolves.toBe('v1');
    expect(loads).toBe(2);
    expect(reloadErrors).toEqual([new Error('catalog down')]);

    clock = 2000;
    next = async () => 'v3';
    await values.get();
    await new Promise(setImmediate);
    await expect(values.get()).resolves.toBe('v3');
  });

  it('fails the callers of a first load that fails, and loads again on the next call', async () => {
    const values = cache();
    next = async () => {
      throw new Error('catalog down');
    };
    await expect(values.get()).rejects.toThrow('catalog down');

    next = async () => 'v2';
    await expect(values.get()).resolves.toBe('v2');
  });
});
