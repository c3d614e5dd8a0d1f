import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ANNOTATION_ROLE } from 'backstage-plugin-prometheus-fleet-common';
import useAsync from 'react-use/esm/useAsync';
import { prometheusFleetApiRef } from '../../api';
import { ProblemList } from '../shared/ProblemList';

/**
 * The entity asks to join the fleet but the backend did not take it in; the
 * fleet-wide problems say why.
 */
export function NotInFleet(props: { entity: Entity }) {
  const api = useApi(prometheusFleetApiRef);
  const ref = stringifyEntityRef(props.entity);
  const {
    value: problems,
    loading,
    error,
  } = useAsync(
    async () =>
      (await api.listProblems()).filter(problem => problem.ref === ref),
    [api, ref],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (problems?.length) {
    return (
      <WarningPanel
        severity="error"
        title="This cluster is not in the Prometheus fleet"
        message="Fix the problems below; the cluster joins the fleet once its annotations are valid."
        defaultExpanded
      >
        <ProblemList problems={problems} />
      </WarningPanel>
    );
  }
  return (
    <EmptyState
      missing="data"
      title="This cluster is not in the Prometheus fleet yet"
      description={`It has the ${ANNOTATION_ROLE} annotation, but the fleet backend does not list it. The backend reads the catalog periodically: come back in a minute, or check that you may read this entity.`}
    />
  );
}
