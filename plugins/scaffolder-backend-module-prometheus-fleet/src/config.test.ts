import { mockServices } from '@backstage/backend-test-utils';
import { readFleetSettings } from './config';

describe('readFleetSettings', () => {
  it('reads the backend plugin keys that shape the values', () => {
    const config = mockServices.rootConfig({
      data: {
        prometheusFleet: {
          queryEndpoints: [
            { name: 'global-eu', url: 'http://127.0.0.1:9090' },
            { name: 'global-us', url: 'http://127.0.0.1:9091' },
          ],
          chart: { version: '90.0.0', releaseName: 'kps', namespace: 'obs' },
          remoteWrite: {
            queueConfig: {
              capacity: 10000,
              maxShards: 50,
              batchSendDeadline: '5s',
              retryOnRateLimit: true,
            },
          },
        },
      },
    });

    expect(readFleetSettings(config)).toEqual({
      queryEndpoints: ['global-eu', 'global-us'],
      valuesOptions: {
        chartVersion: '90.0.0',
        releaseName: 'kps',
        namespace: 'obs',
        queueConfig: {
          capacity: 10000,
          maxShards: 50,
          batchSendDeadline: '5s',
          retryOnRateLimit: true,
        },
      },
    });
  });

  it('leaves query endpoint names unchecked when none are configured', () => {
    expect(readFleetSettings(mockServices.rootConfig()).queryEndpoints).toBe(
      undefined,
    );
  });
});
