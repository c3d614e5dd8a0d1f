import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  QueueHealth,
  unknownHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { edgeEntity, globalEntity } from '../__testUtils__/clusterEntities';
import { CatalogFleetService } from './CatalogFleetService';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const EDGE_REF = 'resource:default/edge-eu-1';

const globalEu = globalEntity('global-eu', 'global-eu');
const edgeEu = edgeEntity('edge-eu-1', 'global-eu');

/** Lets the reloads that a stale read started behind the caller finish. */
const reloadsDone = () => new Promise(setImmediate);

describe('CatalogFleetService, for callers who read the whole catalog', () => {
  let entities: Entity[];
  let latest: Map<string, QueueHealth>;
  let healthRevision: number;
  let healthReads: number;
  let service: CatalogFleetService;
  const asUser = { credentials: mockCredentials.user() };

  beforeEach(() => {
    jest.useFakeTimers({
      now: T0,
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    entities = [globalEu, edgeEu];
    latest = new Map([
      [
        EDGE_REF,
        unknownHealth(
          { code: 'global-unreachable', message: 'not polled yet' },
          T0,
        ),
      ],
    ]);
    healthRevision = 1;
    healthReads = 0;
    service = new CatalogFleetService({
      catalog: catalogServiceMock.mock({
        streamEntities: (request, options) =>
          catalogServiceMock({ entities }).streamEntities(request, options),
      }),
      permissions: mockServices.permissions(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      queryEndpoints: ['global-eu'],
      valuesOptions: {},
      health: {
        latest: async refs => {
          healthReads += 1;
          return new Map(
            refs.flatMap(ref => {
              const health = latest.get(ref);
              return health ? [[ref, health] as const] : [];
            }),
          );
        },
        latestRevision: async () => String(healthRevision),
        globalRules: async () => new Map(),
        history: async () => ({
          points: [],
          totalPoints: 0,
          downsampled: false,
        }),
        observedProblems: async () => [],
      },
    });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** Past the list's and the fleet's max age: the next call starts both reloads. */
  async function afterMaxAge() {
    jest.advanceTimersByTime(30_000);
    await service.listClusters(asUser);
    await reloadsDone();
  }

  it('keeps the same list while neither the catalog nor the latest health changed', async () => {
    const first = await service.listClusters(asUser);

    await afterMaxAge();
    await afterMaxAge();

    expect(await service.listClusters(asUser)).toBe(first);
    expect(healthReads).toBe(1);
  });

  it('rebuilds the list once the latest health changed, whoever recorded it', async () => {
    const first = await service.listClusters(asUser);
    const polled: QueueHealth = { ...latest.get(EDGE_REF)!, status: 'healthy' };
    latest.set(EDGE_REF, polled);
    healthRevision += 1;

    await afterMaxAge();

    const rebuilt = await service.listClusters(asUser);
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.find(c => c.ref === EDGE_REF)?.health).toEqual(polled);
  });

  it('rebuilds the list once the catalog returned a changed entity', async () => {
    const first = await service.listClusters(asUser);
    entities = [
      globalEu,
      { ...edgeEu, metadata: { ...edgeEu.metadata, title: 'EU edge' } },
    ];

    await afterMaxAge(); // reads the catalog
    await afterMaxAge(); // builds the list from what it read

    const rebuilt = await service.listClusters(asUser);
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.find(c => c.ref === EDGE_REF)?.title).toBe('EU edge');
  });
});
