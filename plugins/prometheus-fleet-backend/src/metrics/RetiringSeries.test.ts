import { RetiringSeries } from './RetiringSeries';

const eu1 = (status: string) => ({ cluster: 'eu-1', global: 'g', status });

describe('RetiringSeries', () => {
  it('reports the current observations as they are', () => {
    const series = new RetiringSeries(0);

    expect(series.next([{ value: 1, attributes: eu1('healthy') }])).toEqual([
      { value: 1, attributes: eu1('healthy') },
    ]);
  });

  it('reports a series no longer observed once at the retired value, then no more', () => {
    const series = new RetiringSeries(0);
    series.next([{ value: 1, attributes: eu1('healthy') }]);

    const changed = series.next([{ value: 1, attributes: eu1('silent') }]);
    const after = series.next([{ value: 1, attributes: eu1('silent') }]);

    expect(changed).toEqual([
      { value: 1, attributes: eu1('silent') },
      { value: 0, attributes: eu1('healthy') },
    ]);
    expect(after).toEqual([{ value: 1, attributes: eu1('silent') }]);
  });

  it('tells series apart by all their labels, in any order', () => {
    const series = new RetiringSeries(NaN);
    series.next([
      { value: 5, attributes: { cluster: 'eu-1', global: 'g' } },
      { value: 7, attributes: { cluster: 'eu-2', global: 'g' } },
    ]);

    const next = series.next([
      { value: 6, attributes: { global: 'g', cluster: 'eu-1' } },
    ]);

    expect(next).toEqual([
      { value: 6, attributes: { global: 'g', cluster: 'eu-1' } },
      { value: NaN, attributes: { cluster: 'eu-2', global: 'g' } },
    ]);
  });

  it('retires everything when nothing is observed any more', () => {
    const series = new RetiringSeries(0);
    series.next([{ value: 1, attributes: eu1('healthy') }]);

    expect(series.next([])).toEqual([{ value: 0, attributes: eu1('healthy') }]);
    expect(series.next([])).toEqual([]);
  });
});
