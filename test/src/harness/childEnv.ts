/**
 * The environment for the demo's processes: without the variables Jest sets,
 * which would make Backstage's CLI and libraries behave as under test.
 */
export function childEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const { JEST_WORKER_ID: _worker, NODE_ENV: _env, ...env } = process.env;
  return { ...env, ...extra };
}
