import { changedFields, toWritable } from '../api/payload';
import { resourceSpec } from '../api/resources';
import { sameValue } from './send';
import type { OutboxEntry, OutboxOperation, OutboxResource } from './types';

/** An outbox `update`: an edit of a record the server already has. */
export type UpdateOperation = Extract<OutboxOperation, { type: 'update' }>;

/**
 * No answer from the server: the network is cut, or a gateway answers for an API that is down
 * (the same rule as `auth/session.ts` `unreachable()`). Any other status is the server's own
 * answer (a refusal, a stale version), which keeping the edit on the device would not change.
 */
export function serverUnreachable(status: number): boolean {
  return status === 0 || status >= 502;
}

/**
 * The outbox `update` for an edit form's save that could not reach the server: the fields the
 * form changed (compared as the data provider's PATCH compares them), the version the form was
 * opened at, and as the base the changed fields' values as they were fetched. Only those: the
 * phone keeps no more of the record than the edit needs (an incident's testimony that was not
 * edited does not stay on the device until the edit is sent). Null when nothing was changed.
 */
export function offlineUpdate(
  resource: OutboxResource,
  id: string,
  data: Record<string, unknown>,
  previousData: Record<string, unknown>,
): UpdateOperation | null {
  const { readOnly, form } = resourceSpec(resource);
  const before = toWritable(previousData, readOnly, form);
  const after = toWritable(data, readOnly, form);
  const changes = Object.fromEntries(
    Object.entries(changedFields(after, before)).filter(([field]) => field !== 'version' && field !== 'id'),
  );
  if (Object.keys(changes).length === 0) return null;
  const version = previousData.version;
  if (typeof version !== 'number') throw new Error(`No version on ${resource}/${id}`);
  // A plain JSON copy: what IndexedDB stores is exactly what the API sent, nothing the form added.
  const base = JSON.parse(
    JSON.stringify(
      Object.fromEntries(Object.keys(changes).map((field) => [field, previousData[field] ?? null])),
    ),
  ) as Record<string, unknown>;
  return { type: 'update', resource, id, version, base, changes };
}

/**
 * A second edit of a record whose earlier edit is still on the device: one entry for the record,
 * so that the second is not sent against the version the first will have replaced. The first
 * edit's version and base values stay (the server has not seen it; the second edit adds the
 * fetched values of the fields only it changed); the later value of a field wins, and a field
 * brought back to the base's value is no longer a change. An unsent create (the record
 * exists only on the device) takes the changes into its body.
 */
export function mergeEdit(existing: OutboxOperation, edit: UpdateOperation): OutboxOperation | null {
  if (existing.type === 'create') {
    return { ...existing, body: { ...existing.body, ...edit.changes, id: existing.body.id } };
  }
  if (existing.type !== 'update') return null;
  const base = { ...edit.base, ...existing.base };
  const merged = { ...existing.changes, ...edit.changes };
  const changes = Object.fromEntries(
    Object.entries(merged).filter(([field, value]) => !(field in base) || !sameValue(value, base[field])),
  );
  return {
    ...existing,
    base: Object.fromEntries(Object.keys(changes).map((field) => [field, base[field]])),
    changes,
  };
}

/** Whether a stored entry still holds what was sent (it may be edited again while on its way). */
export function sameOperation(left: OutboxEntry['operation'], right: OutboxEntry['operation']): boolean {
  return sameValue(left, right);
}
