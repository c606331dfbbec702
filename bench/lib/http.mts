/** One request timed from just before it is sent to the last byte of its body. */
export interface TimedResponse {
  ms: number;
  status: number;
  totalCount: string | null;
  contentType: string | null;
  body: Buffer;
}

/** Node's fetch (undici) keeps the connection alive between these sequential requests. */
export async function timedGet(url: string): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url);
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
