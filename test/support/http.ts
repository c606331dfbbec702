export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A small JSON client over real HTTP; `body` may be a raw string to send malformed JSON, or a
 * `FormData` to send as multipart (fetch sets its content type and boundary).
 */
export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const raw = typeof body === 'string' || body instanceof FormData;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers:
      body !== undefined && !(body instanceof FormData)
        ? { 'content-type': 'application/json', ...headers }
        : headers,
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: the test will see the text and fail on it.
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}
