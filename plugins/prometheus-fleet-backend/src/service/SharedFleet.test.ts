import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { edgeEntity, globalEntity } from '../__testUtils__/clusterEntities';
import { CLUSTER_COUNT_PROBE_MS, SharedFleet } from './SharedFleet';

describe('SharedFleet', () => {
  let entities: Entity[];
  let now: number;
  let countFails: boolean;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;
  let shared: SharedFleet;

  const names = async () => (await shared.clusters()).map(c => c.name);

  beforeEach(() => {
    entities = [
      globalEntity('global-eu', 'global-eu'),
      edgeEntity('edge-eu-1', 'global-eu'),
    ];
    now = 1_000_000;
    countFails = false;
    logger = mockServices.logger.mock();
    catalog = catalogServiceMock.mock({
      streamEntities: request =>
        catalogServiceMock({ entities }).streamEntities(request),
      queryEntities: async request => {
        if (countFails) throw new Error('catalog unavailable');
        return catalogServiceMock({ entities }).queryEntities(request);
      },
    });
    shared = new SharedFleet({
      catalog,
      auth: mockServices.auth(),
      logger,
      resolveOptions: { queryEndpoints: ['global-eu'] },
      health: {
        latest: async () => new Map(),
        latestRevision: async () => '1',
        globalRules: async () => new Map(),
      },
      now: () => now,
    });
  });

  it('takes a cluster the catalog just registered in at the next count, not 30 seconds later', async () => {
    expect(await names()).toEqual(['edge-eu-1', 'global-eu']);
    entities = [...entities, edgeEntity('edge-eu-3', 'global-eu')];

    now += CLUSTER_COUNT_PROBE_MS - 1;
    expect(await names()).toEqual(['edge-eu-1', 'global-eu']);
    now += 1;
    expect(await names()).toEqual(['edge-eu-1', 'edge-eu-3', 'global-eu']);
    expect((await shared.fleet()).fleet.clusters).toHaveLength(3);
  });

  it('counts, never reads, the catalog between reads while nothing changes', async () => {
    await names();
    for (let i = 0; i < 5; i += 1) {
      now += CLUSTER_COUNT_PROBE_MS;
      await names();
    }

    expect(catalog.streamEntities).toHaveBeenCalledTimes(1);
    expect(catalog.queryEntities).toHaveBeenCalledTimes(6);
    expect(catalog.queryEntities).toHaveBeenLastCalledWith(
      {
        filter: { kind: 'Resource', 'spec.type': 'kubernetes-cluster' },
        limit: 0,
      },
      expect.anything(),
    );
  });

  it('counts once for callers arriving together', async () => {
    await Promise.all([names(), names(), shared.fleet()]);

    expect(catalog.queryEntities).toHaveBeenCalledTimes(1);
  });

  it('serves the fleet read before when counting fails, and says so once, not as a warning', async () => {
    await names();
    countFails = true;
    for (let i = 0; i < 3; i += 1) {
      now += CLUSTER_COUNT_PROBE_MS;
      expect(await names()).toEqual(['edge-eu-1', 'global-eu']);
    }

    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Could not count the catalog's clusters, so new ones join the fleet at its next read \(at most 30 seconds\): Error: catalog unavailable/,
      ),
    );
    countFails = false;
    now += CLUSTER_COUNT_PROBE_MS;
    await names();
    expect(logger.info).toHaveBeenCalledWith(
      "Counting the catalog's clusters works again",
    );
  });
});
