import { resolveFleet } from 'backstage-plugin-prometheus-fleet-common';
import { globalEntity } from '../__testUtils__/clusterEntities';
import { globalRulesStates } from './globalRulesStates';
import { EndpointPoll } from './pollEndpoint';

const WINDOWS = { windowSeconds: 300, lastSeenWindowSeconds: 3600 };

/** A poll whose answer holds no rules info: its global does not run the rules. */
const withoutRules = (endpoint: string): EndpointPoll => ({
  endpoint,
  observation: { edges: new Map(), failures: [], rulesInfo: null },
  failures: [],
  queries: 6,
  path: 'raw',
});

describe('globalRulesStates', () => {
  it('says whether a Prometheus global runs the rules, nothing of another engine', () => {
    const fleet = resolveFleet(
      [
        globalEntity('global-prom', 'prom'),
        globalEntity('global-mimir', 'mimir'),
      ],
      {
        queryEndpoints: ['prom', 'mimir'],
        queryEndpointEngines: { mimir: 'mimir' },
      },
    );

    expect(
      globalRulesStates(
        fleet,
        [withoutRules('prom'), withoutRules('mimir')],
        WINDOWS,
      ),
    ).toEqual([{ ref: 'resource:default/global-prom', state: 'absent' }]);
  });
});
