import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  ANNOTATION_ROLE,
  FleetProblem,
  ObservedProblem,
} from 'backstage-plugin-prometheus-fleet-common';
import { useEffect, useState } from 'react';
import { prometheusFleetApiRef } from '../../api';
import { hasStatus } from '../shared/errors';
import { clusterKeyOf } from '../shared/links';
import { PollNote } from '../shared/PollNote';
import { ProblemList } from '../shared/ProblemList';
import { useBackoffPoll } from '../shared/useBackoffPoll';

/**
 * From 2 seconds to 30: the backend takes a new catalog cluster in within
 * seconds, a fixed annotation within 30 seconds of the catalog applying it.
 */
export const NOT_IN_FLEET_BACKOFF = { firstMs: 2_000, maxMs: 30_000 };

/**
 * The entity asks to join the fleet but the backend did not take it in; the
 * fleet-wide problems say why. It checks again by itself, less often as time
 * goes by, and calls `onJoined` once the fleet lists the cluster.
 */
export function NotInFleet(props: { entity: Entity; onJoined(): void }) {
  const { entity, onJoined } = props;
  const api = useApi(prometheusFleetApiRef);
  const ref = stringifyEntityRef(entity);
  const { namespace, name } = clusterKeyOf(entity);
  const [problems, setProblems] =
    useState<Array<FleetProblem | ObservedProblem>>();

  const poll = useBackoffPoll(
    async () => {
      try {
        return await api.getCluster({ namespace, name });
      } catch (error) {
        if (!hasStatus(error, 404)) throw error;
      }
      const all = await api.listProblems();
      setProblems(all.filter(problem => problem.ref === ref));
      return undefined;
    },
    [api, ref, namespace, name],
    NOT_IN_FLEET_BACKOFF,
  );

  const joined = poll.value !== undefined;
  useEffect(() => {
    if (joined) onJoined();
  }, [joined, onJoined]);

  if (problems?.length) {
    return (
      <WarningPanel
        severity="error"
        title="This cluster is not in the Prometheus fleet"
        message="Fix the problems below; the cluster joins the fleet once its annotations are valid."
        defaultExpanded
      >
        <ProblemList problems={problems} />
        <PollNote poll={poll} />
      </WarningPanel>
    );
  }
  return (
    <EmptyState
      missing="data"
      title="This cluster is not in the Prometheus fleet yet"
      description={`It has the ${ANNOTATION_ROLE} annotation, but the fleet backend does not list it yet. The backend takes a new catalog cluster in within seconds, and this tab checks again by itself. Should it never appear, check that you may read this entity.`}
      action={<PollNote poll={poll} />}
    />
  );
}
