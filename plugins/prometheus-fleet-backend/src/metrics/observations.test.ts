import { EdgeHealthSample } from './edgeSamples';
import {
  lagObservations,
  lastSeenAgeObservations,
  statusObservations,
} from './observations';

const now = Date.parse('2026-01-01T12:00:00.000Z');
const healthy: EdgeHealthSample = {
  labels: { cluster: 'eu-1', global: 'global-eu' },
  status: 'healthy',
  lagSeconds: 3,
  lastSeenMs: now - 2_500,
};
const silent: EdgeHealthSample = {
  labels: { cluster: 'eu-2', global: 'global-eu' },
  status: 'silent',
  lagSeconds: null,
  lastSeenMs: now - 900_000,
};
const neverSeen: EdgeHealthSample = {
  labels: { cluster: 'eu-3', global: 'global-eu' },
  status: 'pending',
  lagSeconds: null,
  lastSeenMs: null,
};
const samples = [healthy, silent, neverSeen];

describe('statusObservations', () => {
  it('reports 1 for each edge on the series of its status', () => {
    expect(statusObservations(samples)).toEqual([
      {
        value: 1,
        attributes: { cluster: 'eu-1', global: 'global-eu', status: 'healthy' },
      },
      {
        value: 1,
        attributes: { cluster: 'eu-2', global: 'global-eu', status: 'silent' },
      },
      {
        value: 1,
        attributes: { cluster: 'eu-3', global: 'global-eu', status: 'pending' },
      },
    ]);
  });
});

describe('lagObservations', () => {
  it('reports the lag of the edges whose lag is known', () => {
    expect(lagObservations(samples)).toEqual([
      { value: 3, attributes: healthy.labels },
    ]);
  });
});

describe('lastSeenAgeObservations', () => {
  it('reports seconds since last seen at the given time, none for an edge never seen', () => {
    expect(lastSeenAgeObservations(samples, now)).toEqual([
      { value: 2.5, attributes: healthy.labels },
      { value: 900, attributes: silent.labels },
    ]);
  });

  it('grows with the collection time', () => {
    const [later] = lastSeenAgeObservations([healthy], now + 60_000);

    expect(later.value).toBe(62.5);
  });

  it('never reports a negative age when the clocks disagree', () => {
    const ahead = { ...healthy, lastSeenMs: now + 5_000 };

    expect(lastSeenAgeObservations([ahead], now)[0].value).toBe(0);
  });
});
