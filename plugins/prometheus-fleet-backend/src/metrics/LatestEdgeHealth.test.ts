import { mockServices } from '@backstage/backend-test-utils';
import { Fleet, QueueHealth } from 'backstage-plugin-prometheus-fleet-common';
import { LatestEdgeHealth } from './LatestEdgeHealth';
import {
  fleetCluster,
  fleetOf,
  queueHealth,
} from './__testUtils__/fleetFixtures';

const globalEu = fleetCluster('global-eu', 'global');
const edgeEu1 = fleetCluster('edge-eu-1', 'edge', { global: globalEu.ref });
const edgeEu2 = fleetCluster('edge-eu-2', 'edge', { global: globalEu.ref });

/** A store whose latest health changes with its revision, as the database's does. */
function fakeStore(initial: Record<string, QueueHealth>) {
  let revision = 1;
  let health = new Map(Object.entries(initial));
  let failure: Error | undefined;
  return {
    latestRevision: jest.fn(async () => String(revision)),
    latest: jest.fn(async (refs: readonly string[]) => {
      if (failure) throw failure;
      return new Map([...health].filter(([ref]) => refs.includes(ref)));
    }),
    record(next: Record<string, QueueHealth>) {
      health = new Map(Object.entries(next));
      revision += 1;
    },
    /** Health reads fail with this until called without. */
    fail(error?: Error) {
      failure = error;
    },
  };
}

describe('LatestEdgeHealth', () => {
  const logger = mockServices.logger.mock();
  let fleet: Fleet;
  let store: ReturnType<typeof fakeStore>;
  let edges: LatestEdgeHealth;

  beforeEach(() => {
    jest.clearAllMocks();
    fleet = fleetOf(globalEu, edgeEu1, edgeEu2);
    store = fakeStore({ [edgeEu1.ref]: queueHealth('healthy') });
    edges = new LatestEdgeHealth({
      loadFleet: async () => fleet,
      health: store,
      logger,
    });
  });

  const statuses = async () => (await edges.samples())?.map(s => s.status);

  it("reads the latest health of the fleet's edges", async () => {
    expect(await edges.samples()).toEqual([
      expect.objectContaining({
        labels: { cluster: 'edge-eu-1', global: 'global-eu' },
        status: 'healthy',
      }),
    ]);
    expect(store.latest).toHaveBeenCalledWith([edgeEu1.ref, edgeEu2.ref]);
  });

  it('costs only the revision while nothing changed', async () => {
    await edges.samples();
    await edges.samples();
    const third = await edges.samples();

    expect(store.latestRevision).toHaveBeenCalledTimes(3);
    expect(store.latest).toHaveBeenCalledTimes(1);
    expect(third?.[0].status).toBe('healthy');
  });

  it('reads the health again when any instance recorded a cycle', async () => {
    await edges.samples();

    store.record({
      [edgeEu1.ref]: queueHealth('silent'),
      [edgeEu2.ref]: queueHealth('pending'),
    });

    expect(await statuses()).toEqual(['silent', 'pending']);
    expect(store.latest).toHaveBeenCalledTimes(2);
  });

  it('reads the health again when the fleet changed', async () => {
    await edges.samples();

    fleet = fleetOf(globalEu, edgeEu2);

    expect(await statuses()).toEqual([]);
    expect(store.latest).toHaveBeenLastCalledWith([edgeEu2.ref]);
  });

  it('makes one read for the gauges of one collection', async () => {
    const [a, b, c] = await Promise.all([
      edges.samples(),
      edges.samples(),
      edges.samples(),
    ]);

    expect(store.latestRevision).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('returns nothing, and logs, while nothing could be read yet', async () => {
    store.latestRevision.mockRejectedValueOnce(new Error('database down'));

    await expect(edges.samples()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('database down'),
    );
  });

  it('returns what it read before while reading fails, and logs once per outage', async () => {
    await edges.samples();
    store.record({ [edgeEu1.ref]: queueHealth('critical') });
    store.fail(new Error('database down'));

    const during = [await statuses(), await statuses()];
    store.fail();
    const after = await statuses();

    expect(during).toEqual([['healthy'], ['healthy']]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(after).toEqual(['critical']);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('works again'),
    );
  });

  it('returns nothing, and logs, while the fleet cannot be read', async () => {
    const failing = new LatestEdgeHealth({
      loadFleet: async () => {
        throw new Error('catalog down');
      },
      health: store,
      logger,
    });

    await expect(failing.samples()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog down'),
    );
  });
});
