import { INCIDENT_READ_ONLY_FIELDS, OBSERVATION_READ_ONLY_FIELDS } from '@vigie/domain';
import type { OutboxEntry } from '../offline';

/**
 * A conflict, field by field: an edit made on the device to a record the server changed meanwhile.
 * Nothing is overwritten silently: the observer sees each field both sides wrote differently and
 * picks one, then the outbox sends the result with the server's current version.
 */

/** Fields no client writes: never compared, never sent back. */
const NOT_COMPARED = new Set<string>([
  'id',
  'version',
  ...OBSERVATION_READ_ONLY_FIELDS,
  ...INCIDENT_READ_ONLY_FIELDS,
]);

export type Side = 'mine' | 'server';

export interface FieldDifference {
  field: string;
  mine: unknown;
  server: unknown;
}

/** Equal as JSON values: the key order of an object does not matter, the order of a list does. */
export function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left == null || right == null) return (left ?? null) === (right ?? null);
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => sameValue(item, right[index]))
    );
  }
  if (typeof left === 'object' && typeof right === 'object') {
    const a = left as Record<string, unknown>;
    const b = right as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

/**
 * What the observer wrote, as the fields to send: the changes of an edit, or the whole record of a
 * create (whose id the server already holds with other content).
 */
export function myVersion(entry: Pick<OutboxEntry, 'operation'>): Record<string, unknown> {
  const { operation } = entry;
  if (operation.type === 'update') return { ...operation.changes };
  if (operation.type === 'create') return { ...operation.body };
  return {};
}

/** The fields the observer wrote that the server now holds differently, in the order written. */
export function differingFields(
  mine: Record<string, unknown>,
  server: Record<string, unknown>,
): FieldDifference[] {
  return Object.keys(mine)
    .filter((field) => !NOT_COMPARED.has(field) && !sameValue(mine[field], server[field]))
    .map((field) => ({ field, mine: mine[field], server: server[field] ?? null }));
}

/**
 * The result to send: what the observer wrote, with the server's value for each field where they
 * chose it. A field with no choice keeps the observer's value (their entry is never dropped
 * without a tap).
 */
export function mergeChoices(
  mine: Record<string, unknown>,
  server: Record<string, unknown>,
  choices: Readonly<Record<string, Side>>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...mine };
  for (const [field, side] of Object.entries(choices)) {
    if (side === 'server' && field in mine && !NOT_COMPARED.has(field)) merged[field] = server[field] ?? null;
  }
  return merged;
}

/** The same choice for every differing field: « Tout garder (moi) » / « Tout garder (serveur) ». */
export function chooseAll(differences: readonly FieldDifference[], side: Side): Record<string, Side> {
  return Object.fromEntries(differences.map(({ field }) => [field, side]));
}
