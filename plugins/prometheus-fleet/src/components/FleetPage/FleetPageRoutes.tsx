import { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { onboardingRouteRef } from '../../routes';
import { OnboardingProgress } from '../Onboarding';

/**
 * What the fleet page shows at its paths, in both frontend systems: the
 * fleet, and under `onboarding/:namespace/:name` the page a scaffolder run
 * links to, which waits for the new cluster.
 */
export function FleetPageRoutes(props: { overview: ReactNode }) {
  return (
    <Routes>
      <Route path="/" element={props.overview} />
      <Route path={onboardingRouteRef.path} element={<OnboardingProgress />} />
    </Routes>
  );
}
