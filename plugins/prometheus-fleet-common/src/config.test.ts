import { ConfigReader } from '@backstage/config';
import {
  FleetConfigError,
  readQueryEndpointNames,
  readValuesOptionsConfig,
} from './config';

const fleet = (data: object) => new ConfigReader(data);

describe('readValuesOptionsConfig', () => {
  it('returns only what is set', () => {
    expect(readValuesOptionsConfig(undefined)).toEqual({});
    expect(
      readValuesOptionsConfig(
        fleet({
          chart: { version: '88.5.3', releaseName: 'kps', namespace: 'obs' },
          remoteWrite: {
            queueConfig: {
              maxShards: 50,
              batchSendDeadline: '5s',
              retryOnRateLimit: true,
            },
          },
        }),
      ),
    ).toEqual({
      chartVersion: '88.5.3',
      releaseName: 'kps',
      namespace: 'obs',
      queueConfig: {
        maxShards: 50,
        batchSendDeadline: '5s',
        retryOnRateLimit: true,
      },
    });
  });

  it.each([
    [{ chart: { version: 'latest' } }, 'prometheusFleet.chart.version'],
    [
      { chart: { releaseName: 'Bad_Name' } },
      'prometheusFleet.chart.releaseName',
    ],
    [{ chart: { namespace: 'a b' } }, 'prometheusFleet.chart.namespace'],
    [
      { remoteWrite: { queueConfig: { maxShard: 5 } } },
      'prometheusFleet.remoteWrite.queueConfig.maxShard',
    ],
    [
      { remoteWrite: { queueConfig: { maxShards: 0 } } },
      'prometheusFleet.remoteWrite.queueConfig.maxShards',
    ],
    [
      { remoteWrite: { queueConfig: { minBackoff: '5 seconds' } } },
      'prometheusFleet.remoteWrite.queueConfig.minBackoff',
    ],
    [
      { remoteWrite: { queueConfig: { minShards: 10, maxShards: 5 } } },
      'prometheusFleet.remoteWrite.queueConfig.minShards',
    ],
  ])('rejects %j naming %s', (data, key) => {
    expect(() => readValuesOptionsConfig(fleet(data))).toThrow(
      FleetConfigError,
    );
    expect(() => readValuesOptionsConfig(fleet(data))).toThrow(`'${key}'`);
  });

  it('names both numbers when minShards is above maxShards', () => {
    expect(() =>
      readValuesOptionsConfig(
        fleet({
          remoteWrite: { queueConfig: { minShards: 10, maxShards: 5 } },
        }),
      ),
    ).toThrow(
      "Invalid config at 'prometheusFleet.remoteWrite.queueConfig.minShards': 10 is above maxShards 5: the queue would run at least 10 shards and at most 5",
    );
  });

  it('accepts minShards equal to maxShards', () => {
    expect(
      readValuesOptionsConfig(
        fleet({ remoteWrite: { queueConfig: { minShards: 5, maxShards: 5 } } }),
      ),
    ).toEqual({ queueConfig: { minShards: 5, maxShards: 5 } });
  });
});

describe('readValuesOptionsConfig of the rules', () => {
  it('reads the alert thresholds in seconds, the switch and the app base URL', () => {
    expect(
      readValuesOptionsConfig(
        fleet({
          thresholds: { lagCritical: '90s', silentAfter: { minutes: 10 } },
          rules: { enabled: false },
          onboarding: { gracePeriod: '2d' },
        }),
        new ConfigReader({ baseUrl: 'https://backstage.example.com/' }),
      ),
    ).toEqual({
      thresholds: { lagCritical: 90, silentAfter: 600 },
      rules: { enabled: false },
      onboarding: { gracePeriod: 172800 },
      appBaseUrl: 'https://backstage.example.com',
    });
    expect(
      readValuesOptionsConfig(
        fleet({ onboarding: { gracePeriod: { hours: 6 } } }),
      ),
    ).toEqual({ onboarding: { gracePeriod: 21600 } });
  });

  it('rejects a duration it cannot read, naming its key', () => {
    expect(() =>
      readValuesOptionsConfig(fleet({ thresholds: { silentAfter: 'soon' } })),
    ).toThrow("Invalid config at 'prometheusFleet.thresholds.silentAfter'");
    expect(() =>
      readValuesOptionsConfig(fleet({ onboarding: { gracePeriod: 'a day' } })),
    ).toThrow("Invalid config at 'prometheusFleet.onboarding.gracePeriod'");
    expect(() =>
      readValuesOptionsConfig(fleet({ onboarding: { gracePeriod: '0s' } })),
    ).toThrow(
      "Invalid config at 'prometheusFleet.onboarding.gracePeriod': must be a positive duration",
    );
  });

  it('rejects an app base URL alerts could not link to', () => {
    expect(() =>
      readValuesOptionsConfig(
        undefined,
        new ConfigReader({ baseUrl: 'backstage.example.com' }),
      ),
    ).toThrow("Invalid config at 'app.baseUrl'");
  });
});

describe('readQueryEndpointNames', () => {
  it('lists the names, or nothing when none are configured', () => {
    expect(readQueryEndpointNames(undefined)).toBeUndefined();
    expect(
      readQueryEndpointNames(
        fleet({ queryEndpoints: [{ name: 'eu', url: 'http://eu:9090' }] }),
      ),
    ).toEqual(['eu']);
  });
});
