import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'prometheus-fleet' });

/**
 * The page a scaffolder run links to: it waits for a new cluster to reach
 * the catalog and the fleet, then opens its Monitoring tab.
 */
export const onboardingRouteRef = createSubRouteRef({
  id: 'prometheus-fleet/onboarding',
  parent: rootRouteRef,
  path: '/onboarding/:namespace/:name',
});
