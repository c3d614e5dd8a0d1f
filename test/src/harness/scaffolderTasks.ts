import { callApi, getJson } from './backstageApi';
import { eventually } from './eventually';

/** A scaffolder task as `GET /api/scaffolder/v2/tasks/:id` returns it. */
export interface ScaffolderTask {
  status: 'open' | 'processing' | 'completed' | 'failed' | 'cancelled';
}

/** One line of a task's log, as `GET …/tasks/:id/events` returns it. */
export interface ScaffolderTaskEvent {
  type: string;
  body: { message?: string; stepId?: string; status?: string };
}

/** Starts a run of a template through the scaffolder API, as the form's Create does. */
export async function startTask(
  baseUrl: string,
  token: string,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<string> {
  const response = await callApi(baseUrl, token, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: { templateRef, values },
  });
  return ((await response.json()) as { id: string }).id;
}

/** Waits for a task to end, however it ends, and returns it with its log. */
export async function taskEnd(
  baseUrl: string,
  token: string,
  id: string,
): Promise<{ task: ScaffolderTask; events: ScaffolderTaskEvent[] }> {
  const task = await eventually(
    async () => {
      const current = await getJson<ScaffolderTask>(
        baseUrl,
        token,
        `/api/scaffolder/v2/tasks/${id}`,
      );
      if (current.status === 'open' || current.status === 'processing') {
        throw new Error(`task ${id} is still ${current.status}`);
      }
      return current;
    },
    { timeoutMs: 60_000 },
  );
  const events = await getJson<ScaffolderTaskEvent[]>(
    baseUrl,
    token,
    `/api/scaffolder/v2/tasks/${id}/events`,
  );
  return { task, events };
}
