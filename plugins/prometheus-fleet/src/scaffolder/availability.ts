import { ApiHolder } from '@backstage/core-plugin-api';
import {
  CLUSTER_NAME_FIELD_MESSAGE,
  EdgeNamesAvailability,
  EdgeNamesRequest,
  clusterLabelError,
  clusterNameError,
} from 'backstage-plugin-prometheus-fleet-common';
import { prometheusFleetApiRef } from '../api';

/** Which of a new edge's names a field holds. */
export type NameKind = 'name' | 'clusterLabel';

/** The other names of the form, which the field's verdict depends on. */
export function namesRequest(
  kind: NameKind,
  value: string | undefined,
  formData: { name?: unknown; clusterLabel?: unknown } | undefined,
): EdgeNamesRequest {
  const other = (key: NameKind) =>
    typeof formData?.[key] === 'string' ? (formData[key] as string) : undefined;
  return kind === 'name'
    ? { name: value, clusterLabel: other('clusterLabel') }
    : { name: other('name'), clusterLabel: value };
}

/**
 * What is wrong with the field's value that needs no backend: which
 * characters it may hold, in common's words. Undefined when it is fine.
 * Like every message here, a predicate that follows the field's title, as
 * the form's own messages do (`'Name' must be …`).
 */
export function localProblem(
  kind: NameKind,
  value: string | undefined,
): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const error =
    kind === 'name' ? clusterNameError(trimmed) : clusterLabelError(trimmed);
  return error && CLUSTER_NAME_FIELD_MESSAGE;
}

/**
 * The sentences of the backend's verdict that concern this field. The name
 * field also answers for the label it gives an edge without one (it is then
 * the label); the label field only for a label it was given.
 */
export function problemsFor(
  kind: NameKind,
  verdict: EdgeNamesAvailability,
): string[] {
  const problems: string[] = [];
  const { name, clusterLabel } = verdict;
  if (kind === 'name') {
    if (name?.fieldMessage) problems.push(name.fieldMessage);
    if (
      clusterLabel?.defaulted &&
      clusterLabel.status === 'taken' &&
      clusterLabel.fieldMessage
    ) {
      problems.push(clusterLabel.fieldMessage);
    }
  } else if (
    clusterLabel &&
    !clusterLabel.defaulted &&
    clusterLabel.fieldMessage
  ) {
    problems.push(clusterLabel.fieldMessage);
  }
  return problems;
}

/**
 * The field's problems, asking the backend whether the names are free.
 * Without the plugin's API, or when the backend cannot be asked, only what
 * needs no backend is judged: the scaffolder action checks again at Create.
 */
export async function fieldProblems(
  kind: NameKind,
  value: string | undefined,
  formData: { name?: unknown; clusterLabel?: unknown } | undefined,
  apiHolder: ApiHolder,
): Promise<string[]> {
  const local = localProblem(kind, value);
  if (local) return [local];
  if (!value?.trim()) return [];
  const api = apiHolder.get(prometheusFleetApiRef);
  if (!api) return [];
  try {
    const verdict = await api.checkAvailability(
      namesRequest(kind, value, formData),
    );
    return problemsFor(kind, verdict);
  } catch {
    return [];
  }
}
