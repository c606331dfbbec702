import { fetchUtils, HttpError } from 'react-admin';
import { ERROR_MESSAGES, mapApiError, type Operation } from '../api/errors';
import type { FormShape } from '../api/resources';
import { i18nProvider } from '../i18n/i18nProvider';

const NO_FORM: FormShape = { fields: [], rows: {}, lists: [], geometries: [] };

/**
 * A JSON call to the API outside react-admin's resources (commands such as merge, dismiss,
 * deleting a file), failing with the same translated HttpError as the data provider.
 */
export async function apiJson<T>(
  url: string,
  operation: Operation,
  options: fetchUtils.Options = {},
): Promise<T> {
  try {
    const { json } = await fetchUtils.fetchJson(url, { credentials: 'same-origin', ...options });
    return json as T;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    if (!(error instanceof HttpError)) throw new HttpError(ERROR_MESSAGES.network, 0, null);
    const mapped = mapApiError(error.status, error.body, operation, NO_FORM);
    const message = mapped.reason
      ? `${i18nProvider.translate(mapped.message)} (${mapped.reason})`
      : mapped.message;
    throw new HttpError(message, mapped.status, mapped.body);
  }
}

/** `POST` with a JSON body (fetchJson declares one; the API refuses an empty body: send `{}`). */
export function postJson<T>(url: string, body: unknown = {}, operation: Operation = 'command'): Promise<T> {
  return apiJson<T>(url, operation, { method: 'POST', body: JSON.stringify(body) });
}

/** The message to show for a failed call (already a translation key or translated text). */
export function errorText(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'ra.notification.http_error';
}
