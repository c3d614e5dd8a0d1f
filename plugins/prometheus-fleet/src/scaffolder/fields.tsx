import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
  FieldSchema,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import { ClusterNameField } from './ClusterNameField';
import { GlobalPickerField } from './GlobalPickerField';
import { NameKind, fieldProblems } from './availability';
import { OwnerPickerField } from './OwnerPickerField';

/** The field extension of `name`: the new edge's entity name. */
export const CLUSTER_NAME_FIELD = 'PrometheusFleetClusterName';
/** The field extension of `clusterLabel`: the new edge's cluster label. */
export const CLUSTER_LABEL_FIELD = 'PrometheusFleetClusterLabel';
/** The field extension of `global`: one of the fleet's globals. */
export const GLOBAL_PICKER_FIELD = 'PrometheusFleetGlobalPicker';
/** The field extension of `owner`: a group or user of the catalog. */
export const OWNER_PICKER_FIELD = 'PrometheusFleetOwnerPicker';

/**
 * A field extension as both frontend systems build it: the legacy
 * `createScaffolderFieldExtension` takes `schema.schema`, the new system's
 * `createFormField` the schema itself.
 */
export interface FieldDefinition<TUiOptions extends {} = {}> {
  name: string;
  component: (
    props: FieldExtensionComponentProps<string, TUiOptions>,
  ) => JSX.Element | null;
  validation?: CustomFieldValidator<string, TUiOptions>;
  schema: FieldSchema<string, TUiOptions>;
}

const stringField = makeFieldSchema({ output: z => z.string() });

function nameField(name: string, kind: NameKind): FieldDefinition {
  // On "Next": a taken or invalid value is refused here, not after Create.
  const validation: CustomFieldValidator<string, {}> = async (
    value,
    field,
    { apiHolder, formData },
  ) => {
    for (const problem of await fieldProblems(
      kind,
      value,
      formData,
      apiHolder,
    )) {
      field.addError(problem);
    }
  };
  return {
    name,
    component: (props: FieldExtensionComponentProps<string, {}>) => (
      <ClusterNameField {...props} kind={kind} />
    ),
    validation,
    schema: stringField,
  };
}

/**
 * The scaffolder field extensions of the onboarding template, as options
 * both frontend systems build their extensions from.
 */
export const clusterNameFieldOptions = nameField(CLUSTER_NAME_FIELD, 'name');
export const clusterLabelFieldOptions = nameField(
  CLUSTER_LABEL_FIELD,
  'clusterLabel',
);
export const globalPickerFieldOptions: FieldDefinition = {
  name: GLOBAL_PICKER_FIELD,
  component: GlobalPickerField,
  schema: stringField,
};
export const ownerPickerFieldOptions: FieldDefinition<{
  allowedKinds?: string[];
}> = {
  name: OWNER_PICKER_FIELD,
  component: OwnerPickerField,
  schema: makeFieldSchema({
    output: z => z.string(),
    uiOptions: z =>
      z.object({
        allowedKinds: z
          .array(z.string())
          .optional()
          .describe('Kinds an owner may be; Group and User by default.'),
      }),
  }),
};
