import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ScaffolderField } from '@backstage/plugin-scaffolder-react/alpha';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import { EdgeNamesAvailability } from 'backstage-plugin-prometheus-fleet-common';
import { useEffect, useState } from 'react';
import { prometheusFleetApiRef } from '../api';
import {
  NameKind,
  localProblem,
  namesRequest,
  problemsFor,
} from './availability';

/** How long typing must pause before the backend is asked. */
export const ASK_AFTER_MS = 400;

type Verdict =
  | { state: 'idle' }
  | { state: 'checking'; value: string }
  | { state: 'free'; value: string }
  | { state: 'problems'; value: string; problems: string[] };

/**
 * A text field for a new edge's name or cluster label that says, as the
 * user types, which characters are allowed and, once typing pauses, whether
 * the catalog and the fleet already hold the value. "Next" asks again
 * (the field's validation), and the scaffolder action a last time at Create.
 */
export function ClusterNameField(
  props: FieldExtensionComponentProps<string> & { kind: NameKind },
) {
  const {
    kind,
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    disabled,
    idSchema,
    formContext,
    autofocus,
  } = props;
  const api = useApi(prometheusFleetApiRef);
  const value = formData ?? '';
  const local = localProblem(kind, value);
  const request = namesRequest(kind, value, formContext?.formData);
  const requestKey = JSON.stringify(request);
  const [verdict, setVerdict] = useState<Verdict>({ state: 'idle' });

  useEffect(() => {
    const trimmed = value.trim();
    if (!trimmed || local) {
      setVerdict({ state: 'idle' });
      return undefined;
    }
    let current = true;
    setVerdict({ state: 'checking', value: trimmed });
    const timer = setTimeout(() => {
      api
        .checkAvailability(JSON.parse(requestKey))
        .then((answer: EdgeNamesAvailability) => {
          if (!current) return;
          const problems = problemsFor(kind, answer);
          setVerdict(
            problems.length
              ? { state: 'problems', value: trimmed, problems }
              : { state: 'free', value: trimmed },
          );
        })
        // Not asked is not refused: Next and Create check again.
        .catch(() => current && setVerdict({ state: 'idle' }));
    }, ASK_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, kind, value, local, requestKey]);

  const title = schema.title ?? (kind === 'name' ? 'Name' : 'Cluster label');
  const problems = local
    ? [local]
    : (verdict.state === 'problems' && verdict.problems) || [];
  // What the last "Next" refused already, the form shows beneath the field.
  const unshown = problems.filter(p => !rawErrors?.includes(p));
  let live: { error: boolean; text: string } | undefined;
  if (problems.length > 0) {
    live = unshown.length
      ? { error: true, text: `${title} ${unshown.join('; ')}.` }
      : undefined;
  } else if (verdict.state === 'checking') {
    live = { error: false, text: 'Checking the catalog…' };
  } else if (verdict.state === 'free') {
    live = {
      error: false,
      text:
        kind === 'name'
          ? `No entity is named ${verdict.value} yet.`
          : `No cluster of the fleet has the label ${verdict.value}.`,
    };
  }

  return (
    <ScaffolderField
      rawErrors={rawErrors}
      rawDescription={uiSchema['ui:description'] ?? schema.description}
      required={required}
      disabled={disabled}
      help={
        live && (
          <FormHelperText error={live.error} role="status">
            {live.text}
          </FormHelperText>
        )
      }
    >
      <TextField
        id={idSchema?.$id}
        label={title}
        required={required}
        disabled={disabled}
        // The template asks for it (ui:autofocus), as the default text field honours.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus={autofocus}
        value={value}
        error={Boolean(rawErrors?.length) || Boolean(live?.error)}
        onChange={event => onChange(event.target.value || undefined)}
        inputProps={{ spellCheck: false, autoCapitalize: 'none' }}
      />
    </ScaffolderField>
  );
}
