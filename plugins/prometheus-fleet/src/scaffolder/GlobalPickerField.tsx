import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { globalCandidateError } from 'backstage-plugin-prometheus-fleet-common';
import useAsync from 'react-use/esm/useAsync';
import { prometheusFleetApiRef } from '../api';
import { PickerOption, TitledEntityPicker } from './TitledEntityPicker';

/**
 * The global a new edge writes to, chosen from the fleet's globals by
 * title; a global that cannot take edges yet is listed greyed out with its
 * problems, as the scaffolder action would refuse it.
 */
export function GlobalPickerField(props: FieldExtensionComponentProps<string>) {
  const api = useApi(prometheusFleetApiRef);
  const { value, error } = useAsync(async (): Promise<PickerOption[]> => {
    const clusters = await api.listClusters();
    return clusters
      .filter(cluster => cluster.role === 'global')
      .map(cluster => ({
        ref: cluster.ref,
        title: cluster.title ?? cluster.name,
        disabledReason: globalCandidateError(cluster.ref, cluster, true),
      }));
  }, [api]);
  return <TitledEntityPicker {...props} options={value} loadError={error} />;
}
