import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CLUSTER_NAME_FIELD_MESSAGE,
  clusterNameError,
  isValidClusterLabel,
  isValidTenant,
  TENANT_RULE,
} from 'backstage-plugin-prometheus-fleet-common';
import { parse } from 'yaml';
import { createEdgeAction } from './actions/createEdgeAction';

/** The example templates: the demo's (local git) and the one installations copy (GitHub). */
const TEMPLATES_DIR = path.resolve(__dirname, '../../../examples/templates');
const DEMO = 'onboard-edge';
const GITHUB = 'onboard-edge-github';

interface Property {
  pattern?: string;
  errorMessage?: Record<string, string>;
  'ui:field'?: string;
}
interface Template {
  metadata: { name: string };
  spec: {
    parameters: Array<{ title: string; properties: Record<string, Property> }>;
    steps: Array<{
      id: string;
      action: string;
      if?: unknown;
      input?: Record<string, string>;
    }>;
    output: {
      links: Array<{ title: string; url?: string }>;
      text: Array<{ content: string }>;
    };
  };
}

function template(dir: string): Template {
  return parse(
    fs.readFileSync(path.join(TEMPLATES_DIR, dir, 'template.yaml'), 'utf8'),
  );
}

const templates = [DEMO, GITHUB].map(dir => [dir, template(dir)] as const);
const property = (t: Template, name: string) =>
  t.spec.parameters
    .flatMap(p => Object.entries(p.properties))
    .find(([key]) => key === name)![1];

describe('the onboarding templates', () => {
  it('ask the same of the cluster, whichever way they publish', () => {
    const [demo, github] = [template(DEMO), template(GITHUB)];
    expect(github.spec.parameters.slice(0, 3)).toEqual(demo.spec.parameters);
    expect(github.spec.steps[0]).toEqual(demo.spec.steps[0]);
    expect(github.metadata.name).not.toBe(demo.metadata.name);
  });

  it.each(templates)(
    '%s lists only the steps it runs: none is conditional',
    (_, t) => {
      expect(t.spec.steps.filter(step => step.if !== undefined)).toEqual([]);
    },
  );

  it.each(templates)(
    '%s says which characters are allowed in words, as the fleet checks them',
    (_, t) => {
      for (const name of ['name', 'clusterLabel']) {
        expect(property(t, name).errorMessage?.pattern).toBe(
          CLUSTER_NAME_FIELD_MESSAGE,
        );
      }
      expect(property(t, 'name')['ui:field']).toBe(
        'PrometheusFleetClusterName',
      );
      expect(property(t, 'clusterLabel')['ui:field']).toBe(
        'PrometheusFleetClusterLabel',
      );
      expect(property(t, 'tenant').errorMessage?.pattern).toBe(
        `must be ${TENANT_RULE}`,
      );
      const patternsWithoutMessage = t.spec.parameters
        .flatMap(p => Object.entries(p.properties))
        .filter(([, prop]) => prop.pattern && !prop.errorMessage?.pattern)
        .map(([key]) => key);
      expect(patternsWithoutMessage).toEqual([]);
    },
  );

  it.each(templates)('%s has the patterns of the fleet’s own rules', (_, t) => {
    const matches = (name: string, value: string) =>
      new RegExp(property(t, name).pattern!).test(value);
    for (const value of [
      'edge-eu-3',
      'e',
      'E_3.x',
      'edge eu',
      '-edge',
      'edge-',
      'a/b',
      'ünï',
      'e'.repeat(63),
    ]) {
      expect([value, matches('name', value)]).toEqual([
        value,
        !clusterNameError(value) || value.length > 63,
      ]);
      expect([value, matches('clusterLabel', value)]).toEqual([
        value,
        isValidClusterLabel(value),
      ]);
    }
    for (const value of ['payments', "a!._*'()-", 'team a', 'x'.repeat(151)]) {
      expect([value, matches('tenant', value)]).toEqual([
        value,
        isValidTenant(value),
      ]);
    }
  });

  it.each(templates)(
    '%s gives the onboarding action only inputs it knows',
    (_, t) => {
      const action = createEdgeAction({
        catalog: catalogServiceMock(),
        config: mockServices.rootConfig(),
      });
      const edge = t.spec.steps.find(step => step.id === 'edge')!;
      const known = Object.keys(
        (action.schema?.input as { properties?: object } | undefined)
          ?.properties ?? {},
      );
      expect(known).toContain('maxShards');
      expect(edge.action).toBe(action.id);
      expect(Object.keys(edge.input!).filter(k => !known.includes(k))).toEqual(
        [],
      );
    },
  );

  it.each(templates)(
    '%s links to the page that waits for the new cluster, and installs from the chart repository',
    (_, t) => {
      expect(t.spec.output.links).toContainEqual(
        expect.objectContaining({
          url: '/prometheus-fleet/onboarding/default/${{ parameters.name }}',
        }),
      );
      for (const { content } of t.spec.output.text) {
        expect(content).toContain(
          '```sh\nhelm repo add prometheus-community https://prometheus-community.github.io/helm-charts\n',
        );
      }
    },
  );
});
