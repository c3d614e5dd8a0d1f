import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { edgeEntity, globalEntity } from '../__testUtils__/clusterEntities';
import { CallerVisibility } from './CallerVisibility';

const globalEu = globalEntity('global-eu', 'global-eu');
const edgeEu = edgeEntity('edge-eu-1', 'global-eu');
const alice = 'user:default/alice';
const bob = 'user:default/bob';

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

describe('CallerVisibility', () => {
  let reads: string[];
  let owned: Record<string, Entity[]>;
  let decide: (user: string | undefined) => PolicyDecision;

  function visibility() {
    return new CallerVisibility({
      catalog: catalogServiceMock.mock({
        streamEntities: (req, options) => {
          const user =
            options && 'credentials' in options
              ? userOf(options.credentials)
              : undefined;
          reads.push(user ?? 'none');
          return catalogServiceMock({
            entities: (user && owned[user]) || [],
          }).streamEntities(req);
        },
      }),
      permissions: mockServices.permissions.mock({
        authorizeConditional: async (requests, options) =>
          requests.map(() =>
            decide(
              options && 'credentials' in options
                ? userOf(options.credentials)
                : undefined,
            ),
          ),
      }),
      logger: mockServices.logger.mock(),
    });
  }
  const ownerOnly = (claims: string[]): PolicyDecision => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    },
  });

  beforeEach(() => {
    reads = [];
    owned = { [alice]: [globalEu, edgeEu], [bob]: [edgeEu] };
  });

  it('needs no catalog read for a caller the policy lets read everything, and gives nothing on a deny', async () => {
    decide = user =>
      user === alice
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    const readable = visibility();
    expect(await readable.readableBy(mockCredentials.user(alice))).toBe('all');
    expect([
      ...((await readable.readableBy(
        mockCredentials.user(bob),
      )) as Set<string>),
    ]).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('reads the refs under a conditional decision once, then serves them', async () => {
    decide = user => ownerOnly([user!]);
    const readable = visibility();
    for (let i = 0; i < 3; i++) {
      expect([
        ...((await readable.readableBy(
          mockCredentials.user(bob),
        )) as Set<string>),
      ]).toEqual(['resource:default/edge-eu-1']);
    }
    expect(reads).toEqual([bob]);
  });

  it('keeps callers under different conditions apart', async () => {
    decide = user => ownerOnly([user!]);
    const readable = visibility();
    const refs = async (user: string) => [
      ...((await readable.readableBy(
        mockCredentials.user(user),
      )) as Set<string>),
    ];
    expect(await refs(alice)).toEqual([
      'resource:default/edge-eu-1',
      'resource:default/global-eu',
    ]);
    expect(await refs(bob)).toEqual(['resource:default/edge-eu-1']);
    expect(reads).toEqual([alice, bob]);
  });

  it('shares one read between callers under the same conditions', async () => {
    decide = () => ownerOnly(['group:default/platform']);
    owned[bob] = owned[alice];
    const readable = visibility();
    await readable.readableBy(mockCredentials.user(alice));
    await readable.readableBy(mockCredentials.user(bob));
    expect(reads).toEqual([alice]);
  });
});
