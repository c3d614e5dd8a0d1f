/**
 * A signed-in guest's token: what the app's guest sign-in gets, and what
 * every plugin API of the demo backend accepts.
 */
export async function guestToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/guest/refresh`);
  if (!response.ok) {
    throw new Error(
      `Guest sign-in failed: ${response.status} ${await response.text()}`,
    );
  }
  const session = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return session.backstageIdentity.token;
}

/** Calls a backend API as the given user; any status but 2xx is an error quoting the body. */
export async function callApi(
  baseUrl: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Response> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(init.body === undefined
        ? {}
        : { 'Content-Type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${path}: ${
        response.status
      } ${await response.text()}`,
    );
  }
  return response;
}

export async function getJson<T>(
  baseUrl: string,
  token: string,
  path: string,
): Promise<T> {
  return (await (await callApi(baseUrl, token, path)).json()) as T;
}
