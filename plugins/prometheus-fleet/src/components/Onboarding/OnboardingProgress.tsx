import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import {
  FleetProblem,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import { ReactNode, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { prometheusFleetApiRef } from '../../api';
import { hasStatus } from '../shared/errors';
import { useMonitoringLink } from '../shared/links';
import { PollNote } from '../shared/PollNote';
import { ProblemList } from '../shared/ProblemList';
import { useBackoffPoll } from '../shared/useBackoffPoll';

/**
 * From 1 second to 15: a local-git run's cluster is in the catalog within
 * seconds, a pull request's once it is merged, which may take hours.
 */
export const ONBOARDING_BACKOFF = { firstMs: 1_000, maxMs: 15_000 };

type Stage = 'catalog' | 'fleet' | 'open';

function Step(props: {
  state: 'done' | 'waiting' | 'failed' | 'later';
  primary: ReactNode;
  secondary?: ReactNode;
}) {
  const icon = {
    done: <StatusOK />,
    waiting: <StatusRunning />,
    failed: <StatusError />,
    later: <StatusPending />,
  }[props.state];
  return (
    <ListItem disableGutters>
      <ListItemIcon>
        <span aria-label={props.state}>{icon}</span>
      </ListItemIcon>
      <ListItemText
        primary={props.primary}
        secondary={props.secondary}
        // A long sentence wraps rather than run out of the card.
        secondaryTypographyProps={{
          component: 'div',
          style: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
        }}
      />
    </ListItem>
  );
}

/**
 * Where a scaffolder run's links lead: waits for the new cluster to reach
 * the catalog and then the fleet, says which of the two it waits for, and
 * opens the cluster's Monitoring tab as soon as both hold it, so that the
 * link works whenever it is clicked.
 */
export function OnboardingProgress() {
  // The route is onboardingRouteRef's, /onboarding/:namespace/:name.
  const { namespace = 'default', name = '' } = useParams();
  const ref = stringifyEntityRef({ kind: 'Resource', namespace, name });
  const catalog = useApi(catalogApiRef);
  const api = useApi(prometheusFleetApiRef);
  const monitoringLink = useMonitoringLink();
  const navigate = useNavigate();
  const [stage, setStage] = useState<Stage>('catalog');
  const [problems, setProblems] =
    useState<Array<FleetProblem | ObservedProblem>>();

  const poll = useBackoffPoll(
    async () => {
      if (!(await catalog.getEntityByRef(ref))) {
        setStage('catalog');
        return undefined;
      }
      setStage('fleet');
      try {
        const cluster = await api.getCluster({ namespace, name });
        setStage('open');
        return cluster;
      } catch (error) {
        if (!hasStatus(error, 404)) throw error;
      }
      const all = await api.listProblems();
      setProblems(all.filter(problem => problem.ref === ref));
      return undefined;
    },
    [catalog, api, ref, namespace, name],
    ONBOARDING_BACKOFF,
  );

  const target = poll.value ? monitoringLink(ref) : undefined;
  useEffect(() => {
    if (target) navigate(target, { replace: true });
  }, [target, navigate]);

  const blocked = stage === 'fleet' && problems && problems.length > 0;
  return (
    <InfoCard title={`Onboarding ${name}`}>
      <List dense disablePadding>
        <Step
          state={stage === 'catalog' ? 'waiting' : 'done'}
          primary={
            stage === 'catalog' ? (
              <>Waiting for the catalog to list {ref}</>
            ) : (
              <>
                The catalog lists <EntityRefLink entityRef={ref} />
              </>
            )
          }
          secondary={
            stage === 'catalog' &&
            'A local-git run asks the catalog to read the new catalog-info.yaml at once, so this takes seconds; a pull request’s cluster appears once the pull request is merged and the catalog has read it.'
          }
        />
        <Step
          state={
            {
              catalog: 'later',
              fleet: blocked ? 'failed' : 'waiting',
              open: 'done',
            }[stage] as 'later' | 'failed' | 'waiting' | 'done'
          }
          primary={
            stage === 'open'
              ? 'The Prometheus fleet has taken it in'
              : 'Waiting for the Prometheus fleet to take it in'
          }
          secondary={
            stage === 'fleet' &&
            (blocked ? (
              <ProblemList problems={problems} />
            ) : (
              'The fleet backend takes a new catalog cluster in within seconds.'
            ))
          }
        />
        <Step
          state={stage === 'open' ? 'waiting' : 'later'}
          primary="Then its Monitoring tab opens"
        />
      </List>
      {stage !== 'open' && <PollNote poll={poll} />}
    </InfoCard>
  );
}
