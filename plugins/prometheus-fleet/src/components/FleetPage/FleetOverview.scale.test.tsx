import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import {
  ClusterView,
  HealthStatus,
} from 'backstage-plugin-prometheus-fleet-common';
import { prometheusFleetApiRef } from '../../api';
import {
  edgeCluster,
  mockFleetApi,
  queueHealth,
} from '../../testUtils/fixtures';
import { FleetOverview } from './FleetOverview';

const STATUSES: HealthStatus[] = [
  'healthy',
  'warning',
  'critical',
  'silent',
  'unknown',
];
const PATIENT = { timeout: 60_000 };

function fleetOf(size: number): ClusterView[] {
  return Array.from({ length: size }, (_, index) => {
    const name = `edge-${String(index).padStart(5, '0')}`;
    return edgeCluster({
      name,
      ref: `resource:default/${name}`,
      clusterLabel: name,
      global: `resource:default/global-${index % 20}`,
      owner: `group:default/team-${index % 300}`,
      health: queueHealth({
        status: STATUSES[index % 5],
        lagSeconds: index % 400,
      }),
    });
  });
}

function visibleClusters(): string[] {
  // A CSS query: role queries walk the accessibility tree and dwarf what they measure.
  return Array.from(
    document.querySelectorAll<HTMLAnchorElement>('a[href$="/monitoring"]'),
    link => link.textContent ?? '',
  );
}

/** Renders a fleet, searches it and filters it, timing each step until its rows show. */
async function measure(size: number) {
  const api = mockFleetApi();
  api.listClusters.mockResolvedValue(fleetOf(size));
  const perCritical = size / STATUSES.length;

  let start = performance.now();
  await renderInTestApp(
    <TestApiProvider apis={[[prometheusFleetApiRef, api]]}>
      <FleetOverview />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  await screen.findByText(`Clusters (${size})`, {}, PATIENT);
  await waitFor(() => expect(visibleClusters()).toHaveLength(20), PATIENT);
  const render = performance.now() - start;
  expect(
    screen.getByRole('button', { name: 'Show critical clusters' }),
  ).toHaveTextContent(`${perCritical}critical`);

  start = performance.now();
  const target = `edge-${String(size - 3).padStart(5, '0')}`;
  fireEvent.change(screen.getByLabelText('Search'), {
    target: { value: target },
  });
  await waitFor(() => expect(visibleClusters()).toEqual([target]), PATIENT);
  const search = performance.now() - start;

  start = performance.now();
  fireEvent.change(screen.getByLabelText('Search'), { target: { value: '' } });
  fireEvent.change(screen.getByLabelText('Status'), {
    target: { value: 'critical' },
  });
  await screen.findByText(`Clusters (${perCritical} of ${size})`, {}, PATIENT);
  await waitFor(
    () => expect(visibleClusters()).toContain('edge-00002'),
    PATIENT,
  );
  const filter = performance.now() - start;
  const rowsShown = visibleClusters().length;

  cleanup();
  return { render, search, filter, rowsShown };
}

describe('FleetOverview at scale', () => {
  it('renders one page of 10,000 clusters, searching and filtering all of them', async () => {
    const small = await measure(100);
    const large = await measure(10_000);

    expect(large.rowsShown).toBe(20);

    // The measurement this test exists for: what 10,000 clusters add to the
    // cost of a 100-cluster page (jsdom is several times slower than a browser).
    const ms = (value: number) => `${Math.round(value)} ms`;
    // eslint-disable-next-line no-console
    console.info(
      [
        'FleetOverview timings in jsdom (100 clusters -> 10,000 clusters):',
        `first render ${ms(small.render)} -> ${ms(large.render)}`,
        `search (150 ms debounce included) ${ms(small.search)} -> ${ms(
          large.search,
        )}`,
        `status filter ${ms(small.filter)} -> ${ms(large.filter)}`,
      ].join('\n'),
    );
  }, 240_000);
});
