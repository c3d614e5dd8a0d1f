import { Content, Header, Page } from '@backstage/core-components';
import { FleetOverview } from './FleetOverview';
import { FleetPageRoutes } from './FleetPageRoutes';

/**
 * The fleet page with its own header, for apps on the legacy frontend
 * system; with the onboarding page beneath it.
 */
export function PrometheusFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Prometheus fleet"
        subtitle="Remote-write health of every edge, and what to fix in the catalog"
      />
      <Content>
        <FleetPageRoutes overview={<FleetOverview />} />
      </Content>
    </Page>
  );
}
