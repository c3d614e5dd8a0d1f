import { createBackend } from '@backstage/backend-defaults';
import { scaffolderModuleDemoLocalGit } from './localGit/module';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('backstage-plugin-scaffolder-backend-module-prometheus-fleet'),
);
// Demo only: publishes onboarded edges into a local git repository.
backend.add(scaffolderModuleDemoLocalGit);

backend.add(import('backstage-plugin-prometheus-fleet-backend'));

// Owner notifications of edge state changes, pushed to the open app by signals.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The fleet's actions (get-fleet-health, …) as MCP tools for AI assistants.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
