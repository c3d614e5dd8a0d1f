import {
  AnyApiFactory,
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { PrometheusFleetClient, prometheusFleetApiRef } from './api';
import prometheusFleetPlugin from './index';
import { clusterEntity } from './testUtils/fixtures';

const edge = clusterEntity('edge-eu-1', 'edge');
const global = clusterEntity('global-eu', 'global');
const invalidRole = clusterEntity('odd', 'primary');
const database = { ...edge, spec: { type: 'database' } };

describe('the new frontend system plugin', () => {
  it('is the default export, with the plugin id the backend uses', () => {
    expect(prometheusFleetPlugin.pluginId).toBe('prometheus-fleet');
  });

  it('provides the API client', () => {
    const tester = createExtensionTester(
      prometheusFleetPlugin.getExtension('api:prometheus-fleet'),
    );
    const factory: AnyApiFactory = tester.get(ApiBlueprint.dataRefs.factory);

    expect(factory.api.id).toBe(prometheusFleetApiRef.id);
    expect(
      factory.factory({
        discoveryApi: { getBaseUrl: jest.fn() },
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(PrometheusFleetClient);
  });

  it('mounts the fleet page at /prometheus-fleet with a nav title and icon', () => {
    const tester = createExtensionTester(
      prometheusFleetPlugin.getExtension('page:prometheus-fleet'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/prometheus-fleet');
    expect(tester.get(coreExtensionData.title)).toBe('Prometheus');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('adds a Monitoring tab to every cluster that asks to join the fleet', () => {
    const tester = createExtensionTester(
      prometheusFleetPlugin.getExtension(
        'entity-content:prometheus-fleet/monitoring',
      ),
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;

    expect(tester.get(coreExtensionData.routePath)).toBe('monitoring');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Monitoring',
    );
    expect([edge, global, invalidRole, database].map(filter)).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('adds the edges card to globals only', () => {
    const tester = createExtensionTester(
      prometheusFleetPlugin.getExtension(
        'entity-card:prometheus-fleet/global-edges',
      ),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;

    expect([edge, global, invalidRole, database].map(filter)).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it.each([
    ['cluster-name', 'PrometheusFleetClusterName'],
    ['cluster-label', 'PrometheusFleetClusterLabel'],
    ['global-picker', 'PrometheusFleetGlobalPicker'],
    ['owner-picker', 'PrometheusFleetOwnerPicker'],
  ])(
    'gives the scaffolder the form field %s, named %s in templates',
    async (id, name) => {
      const extension = prometheusFleetPlugin.getExtension(
        `scaffolder-form-field:prometheus-fleet/${id}`,
      );
      expect((extension as unknown as { attachTo: unknown }).attachTo).toEqual({
        id: 'api:scaffolder/form-fields',
        input: 'formFields',
      });
      const load: () => Promise<unknown> = createExtensionTester(extension).get(
        FormFieldBlueprint.dataRefs.formFieldLoader,
      );
      const field = (await load()) as unknown as {
        $$type: string;
        name?: string;
      };
      expect(field.$$type).toBe('@backstage/scaffolder/FormField');
      expect(JSON.stringify(field)).toContain(name);
    },
  );

  it('routes to the onboarding page beneath the fleet page', () => {
    expect(Object.keys(prometheusFleetPlugin.routes)).toEqual([
      'root',
      'onboarding',
    ]);
  });
});
