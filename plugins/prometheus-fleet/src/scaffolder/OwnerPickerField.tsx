import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import useAsync from 'react-use/esm/useAsync';
import { PickerOption, TitledEntityPicker } from './TitledEntityPicker';

/** The kinds an owner may be, unless `ui:options.allowedKinds` says otherwise. */
const OWNER_KINDS = ['Group', 'User'];

/** The team (or person) that owns a new edge, chosen by its display name. */
export function OwnerPickerField(
  props: FieldExtensionComponentProps<string, { allowedKinds?: string[] }>,
) {
  const catalog = useApi(catalogApiRef);
  const presentation = useApi(entityPresentationApiRef);
  const kinds = props.uiSchema['ui:options']?.allowedKinds ?? OWNER_KINDS;
  const { value, error } = useAsync(async (): Promise<PickerOption[]> => {
    const { items } = await catalog.getEntities({
      filter: { kind: kinds },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return Promise.all(
      items.map(async entity => ({
        ref: stringifyEntityRef(entity),
        title: (await presentation.forEntity(entity).promise).primaryTitle,
      })),
    );
  }, [catalog, presentation, kinds.join()]);
  return <TitledEntityPicker {...props} options={value} loadError={error} />;
}
