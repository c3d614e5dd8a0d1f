import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { prometheusFleetApiRef } from './api';
import { PrometheusFleetPage } from './components/FleetPage';
import {
  EntityPrometheusFleetGlobalCard,
  PrometheusFleetClusterLabelFieldExtension,
  PrometheusFleetClusterNameFieldExtension,
  PrometheusFleetGlobalPickerFieldExtension,
  PrometheusFleetOwnerPickerFieldExtension,
  prometheusFleetPlugin,
} from './index';
import { getComponentData } from '@backstage/core-plugin-api';
import {
  clusterEntity,
  edgeCluster,
  globalCluster,
  mockFleetApi,
} from './testUtils/fixtures';

describe('the legacy frontend system plugin', () => {
  it('registers the API client', () => {
    const apiIds = [...prometheusFleetPlugin.getApis()].map(
      factory => factory.api.id,
    );

    expect(prometheusFleetPlugin.getId()).toBe('prometheus-fleet');
    expect(apiIds).toEqual([prometheusFleetApiRef.id]);
  });

  it('renders the fleet page with its own header', async () => {
    const api = mockFleetApi();
    api.listClusters.mockResolvedValue([globalCluster(), edgeCluster()]);

    await renderInTestApp(
      <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
        <PrometheusFleetPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(
      await screen.findByRole('heading', { name: 'Prometheus fleet' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Clusters (2)')).toBeInTheDocument();
  });

  it('renders the global card extension for the entity in context', async () => {
    const api = mockFleetApi();
    api.listClusters.mockResolvedValue([globalCluster(), edgeCluster()]);

    await renderInTestApp(
      <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
        <EntityProvider entity={clusterEntity('global-eu', 'global')}>
          <EntityPrometheusFleetGlobalCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(await screen.findByText('1 edge: 1 healthy')).toBeInTheDocument();
  });

  it('exports the onboarding form fields for <ScaffolderFieldExtensions>', () => {
    const fields = [
      PrometheusFleetClusterNameFieldExtension,
      PrometheusFleetClusterLabelFieldExtension,
      PrometheusFleetGlobalPickerFieldExtension,
      PrometheusFleetOwnerPickerFieldExtension,
    ].map(
      Field =>
        getComponentData<{ name: string }>(
          <Field />,
          'scaffolder.extensions.field.v1',
        )?.name,
    );

    expect(fields).toEqual([
      'PrometheusFleetClusterName',
      'PrometheusFleetClusterLabel',
      'PrometheusFleetGlobalPicker',
      'PrometheusFleetOwnerPicker',
    ]);
  });
});
