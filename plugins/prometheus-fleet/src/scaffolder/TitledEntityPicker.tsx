import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ScaffolderField } from '@backstage/plugin-scaffolder-react/alpha';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';

/** One entity to choose: shown by its title, stored as its ref. */
export interface PickerOption {
  ref: string;
  title: string;
  /** Why it cannot be chosen; it is listed, greyed out, with the reason. */
  disabledReason?: string;
}

/**
 * An entity picker that shows the chosen entity by its title and its ref
 * beneath, where the scaffolder's own pickers of this release show the ref
 * alone in their default (Material UI) form theme.
 */
export function TitledEntityPicker(
  props: FieldExtensionComponentProps<string> & {
    options: PickerOption[] | undefined;
    loadError?: Error;
  },
) {
  const {
    options,
    loadError,
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    disabled,
    idSchema,
  } = props;
  const known = options?.find(option => option.ref === formData);
  // A value the list does not hold (from a link's form data) stays visible.
  const value = known ?? (formData ? { ref: formData, title: formData } : null);
  const shown = [...(options ?? []), ...(value && !known ? [value] : [])];
  let help: JSX.Element | undefined;
  if (loadError) {
    help = (
      <FormHelperText error>
        Could not list the choices: {loadError.message}
      </FormHelperText>
    );
  } else if (value) {
    help = <FormHelperText>{value.ref}</FormHelperText>;
  }
  return (
    <ScaffolderField
      rawErrors={rawErrors}
      rawDescription={uiSchema['ui:description'] ?? schema.description}
      required={required}
      disabled={disabled}
      help={help}
    >
      <Autocomplete
        id={idSchema?.$id}
        options={shown}
        value={value}
        loading={!options && !loadError}
        disabled={disabled}
        getOptionLabel={option => option.title}
        getOptionSelected={(option, selected) => option.ref === selected.ref}
        getOptionDisabled={option => Boolean(option.disabledReason)}
        filterOptions={(list, { inputValue }) => {
          const wanted = inputValue.trim().toLocaleLowerCase();
          return list.filter(
            option =>
              option.title.toLocaleLowerCase().includes(wanted) ||
              option.ref.includes(wanted),
          );
        }}
        onChange={(_, option) => onChange(option?.ref)}
        renderOption={option => (
          <div>
            <Typography variant="body2">{option.title}</Typography>
            <Typography variant="caption" color="textSecondary">
              {option.disabledReason
                ? `${option.ref}: ${option.disabledReason}`
                : option.ref}
            </Typography>
          </div>
        )}
        renderInput={params => (
          <TextField
            {...params}
            label={schema.title}
            required={required}
            error={Boolean(rawErrors?.length)}
          />
        )}
      />
    </ScaffolderField>
  );
}
