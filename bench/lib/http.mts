/** One request timed from just before it is sent to the last byte of its body. */
export interface TimedResponse {
  ms: number;
  status: number;
  totalCount: string | null;
  contentType: string | null;
  /** How the body came over the wire (`zstd`, `br`, `gzip`), null when not compressed. */
  contentEncoding: string | null;
  /** The decoded body: fetch decodes gzip, brotli and zstd as a browser does. */
  body: Buffer;
}

/**
 * What the console's browser asks for (Chromium 156), so that an answer is compressed and decoded
 * the way the console gets it. Node's fetch alone asks `gzip, deflate`.
 */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

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
    contentEncoding: response.headers.get('content-encoding'),
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
