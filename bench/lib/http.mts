/** One request timed from just before it is sent to the last byte of its body. */
export interface TimedResponse {
  ms: number;
  status: number;
  totalCount: string | null;
  contentType: string | null;
  body: Buffer;
}

/** Node's fetch (undici) keeps the connection alive between these sequential requests. */
export async function timedGet(url: string, headers: Record<string, string> = {}): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  return {
    ms,
    status: response.status,
    totalCount: response.headers.get('x-total-count'),
    contentType: response.headers.get('content-type'),
    body,
  };
}

/**
 * Headers for the measured requests: none while the API is open, a bearer token (DESIGN §5,
 * `POST /api/auth/login`) once it answers 401, so that the session check is measured too.
 */
export async function authHeaders(
  baseUrl: string,
  probePath: string,
  account: { email: string; password: string },
): Promise<Record<string, string>> {
  const probe = await fetch(`${baseUrl}${probePath}`);
  await probe.arrayBuffer();
  if (probe.status !== 401) return {};
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const text = await response.text();
  let token: unknown;
  try {
    token = (JSON.parse(text) as { token?: unknown }).token;
  } catch {
    token = undefined;
  }
  if (!response.ok || typeof token !== 'string') {
    throw new Error(
      `The API requires authentication and signing in as ${account.email} failed (HTTP ${response.status}): ${text.slice(0, 300)}`,
    );
  }
  return { authorization: `Bearer ${token}` };
}
