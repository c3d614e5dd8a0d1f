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

  it('lets a load see the value it replaces, without loading', async () => {
    const values = cache();
    expect(values.peek()).toBeUndefined();
    await values.get();
    next = async () => `${values.peek()} then v${loads}`;

    clock = 1000;
    await values.get();
    await new Promise(setImmediate);

    await expect(values.get()).resolves.toBe('v1 then v2');
    expect(loads).toBe(2);
  });
});

describe('StaleWhileRevalidate.invalidate', () => {
  let loads: number;
  let next: () => Promise<string>;
  let reloadErrors: unknown[];
  const cache = () =>
    new StaleWhileRevalidate<string>({
      load: () => {
        loads += 1;
        return next();
      },
      maxAgeMs: 60_000,
      onReloadError: error => reloadErrors.push(error),
    });

  beforeEach(() => {
    loads = 0;
    reloadErrors = [];
    next = async () => `v${loads}`;
  });

  it('makes the next callers wait for a fresh value, loaded once for all of them', async () => {
    const values = cache();
    await values.get();

    values.invalidate();

    await expect(Promise.all([values.get(), values.get()])).resolves.toEqual([
      'v2',
      'v2',
    ]);
    await expect(values.get()).resolves.toBe('v2');
    expect(loads).toBe(2);
  });

  it('never stores what a load begun before the invalidation returns', async () => {
    const values = cache();
    let finishOld!: () => void;
    next = () =>
      new Promise(resolve => {
        finishOld = () => resolve('old');
      });
    const first = values.get();

    values.invalidate();
    next = async () => 'new';
    finishOld();

    await expect(first).resolves.toBe('old');
    await expect(values.get()).resolves.toBe('new');
    await expect(values.get()).resolves.toBe('new');
  });

  it('answers with the old value, reported once, when the fresh load fails', async () => {
    const values = cache();
    await values.get();
    next = async () => {
      throw new Error('database down');
    };

    values.invalidate();

    await expect(Promise.all([values.get(), values.get()])).resolves.toEqual([
      'v1',
      'v1',
    ]);
    expect(reloadErrors).toEqual([new Error('database down')]);
    // Not retried on every request until the max age has passed again.
    await expect(values.get()).resolves.toBe('v1');
    expect(loads).toBe(2);
  });
});
