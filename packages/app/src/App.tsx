import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import prometheusFleetPlugin from 'backstage-plugin-prometheus-fleet';
import { navModule } from './modules/nav';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    scaffolderPlugin,
    // The owner notifications of edge state changes, pushed live by signals.
    notificationsPlugin,
    signalsPlugin,
    prometheusFleetPlugin,
    navModule,
  ],
});
