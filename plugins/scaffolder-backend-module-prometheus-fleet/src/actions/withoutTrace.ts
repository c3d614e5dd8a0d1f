import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';

/**
 * Runs an action's work so that nothing of this host reaches the run log.
 * The scaffolder writes a failed step's `error.stack` into the log the user
 * reads (its workflow runner's `emitLog(String(err.stack))`), so refusals
 * (InputError) pass with their sentence alone as the stack, not a trace
 * through this host's files;
 * any other failure, whose message or stack may hold server paths, is logged
 * in full to the backend's log and replaced by a sentence pointing there.
 */
export async function withoutTrace(
  actionId: string,
  taskId: string | undefined,
  logger: LoggerService | undefined,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (isError(error) && error.name === 'InputError') {
      error.stack = `${error.name}: ${error.message}`;
      throw error;
    }
    logger?.error(
      `${actionId} failed in task ${taskId ?? '(no id)'}`,
      isError(error) ? error : undefined,
    );
    const failure = new Error(
      `${actionId} failed unexpectedly${
        isError(error) ? ` (${error.name})` : ''
      }; the Backstage backend's log has the details${
        taskId ? ` of task ${taskId}` : ''
      }.`,
    );
    failure.stack = `${failure.name}: ${failure.message}`;
    throw failure;
  }
}
