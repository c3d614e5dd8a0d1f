import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** The repository root: the parent of this test package. */
export const REPO_ROOT = path.resolve(
  resolvePackagePath('@internal/prometheus-fleet-tests'),
  '..',
);

/** The demo backend runs from here, so app-config.yaml's relative paths resolve as in `yarn start`. */
export const BACKEND_DIR = path.join(REPO_ROOT, 'packages/backend');

export const APP_CONFIG = path.join(REPO_ROOT, 'app-config.yaml');

export const EXAMPLE_CLUSTERS = path.join(
  REPO_ROOT,
  'examples/fleet/clusters.yaml',
);

export const ONBOARD_TEMPLATE = path.join(
  REPO_ROOT,
  'examples/templates/onboard-edge/template.yaml',
);

/** Logs and screenshots of a run, kept for CI artifacts (git-ignored). */
export const RESULTS_DIR = path.join(REPO_ROOT, 'test/test-results/e2e');
