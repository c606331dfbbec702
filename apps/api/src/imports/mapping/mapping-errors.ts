import { defaultErrorKey, expandDefaults } from './defaults';
import type { ImportKind, ImportMappingSpec } from '@vigie/domain';
import { dateFormatError } from './dates';
import { targetSpec, type TargetSpec } from '@vigie/domain';

/** Targets that exclude each other, and targets that need a partner to make a value. */
const EXCLUSIVE: [string, string[]][] = [
  ['location', ['location.latitude', 'location.longitude']],
  ['startedAt', ['startedAt.date', 'startedAt.time']],
  ['endedAt', ['endedAt.time']],
  ['occurredAt', ['occurredAt.date', 'occurredAt.time']],
];
const NEEDS: [string, string[]][] = [
  ['location.latitude', ['location.longitude']],
  ['location.longitude', ['location.latitude']],
  ['startedAt.date', ['startedAt.time']],
  ['startedAt.time', ['startedAt.date']],
  ['occurredAt.date', ['occurredAt.time']],
  ['occurredAt.time', ['occurredAt.date']],
  ['endedAt.time', ['startedAt', 'startedAt.date']],
];

export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function valueMapError(spec: TargetSpec, code: string): string | undefined {
  switch (spec.type) {
    case 'code':
      return spec.vocabulary!.has(code) ? undefined : `must be one of: ${spec.vocabulary!.codes.join(', ')}`;
    case 'codes': {
      const unknown = code.split(/[\s,;]+/).filter((one) => one !== '' && !spec.vocabulary!.has(one));
      return unknown.length === 0
        ? undefined
        : `must be codes among: ${spec.vocabulary!.codes.join(', ')} (not ${unknown.join(', ')})`;
    }
    case 'boolean':
    case 'presence':
      return ['true', 'false', ''].includes(code) ? undefined : 'must be true, false or empty (not known)';
    default:
      return 'this field takes no value map';
  }
}

/**
 * What is wrong with a mapping for a file's columns, keyed as the console shows it:
 * `columns.<header>`, `values.<field>.<raw>`, `timezone`, `dateFormat`, `sourceIdColumn`.
 */
function columnMappingErrors(
  kind: ImportKind,
  columns: string[],
  mapping: ImportMappingSpec,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = new Set(columns);
  const firstColumnOf = new Map<string, string>();
  for (const [header, target] of Object.entries(mapping.columns ?? {})) {
    const key = `columns.${header}`;
    const spec = targetSpec(kind, target);
    if (!known.has(header)) errors[key] = 'is not a column of the file';
    else if (!spec) errors[key] = `unknown target "${target}"`;
    else if (firstColumnOf.has(target) && !spec.multi) {
      errors[key] = `"${target}" is already mapped from column "${firstColumnOf.get(target)}"`;
    } else if (!firstColumnOf.has(target)) firstColumnOf.set(target, header);
  }
  for (const [one, others] of EXCLUSIVE) {
    for (const other of others) {
      if (firstColumnOf.has(one) && firstColumnOf.has(other)) {
        errors[`columns.${firstColumnOf.get(other)}`] ??=
          `"${other}" cannot be mapped with "${one}" (column "${firstColumnOf.get(one)}")`;
      }
    }
  }
  for (const [target, partners] of NEEDS) {
    if (firstColumnOf.has(target) && !partners.some((partner) => firstColumnOf.has(partner))) {
      errors[`columns.${firstColumnOf.get(target)}`] ??=
        `"${target}" needs a column mapped to "${partners.join('" or "')}"`;
    }
  }
  for (const [target, header] of firstColumnOf) {
    const seized = /^seizures\.(\w+)\.destroyed$/.exec(target);
    if (seized && !firstColumnOf.has(`seizures.${seized[1]}.quantity`)) {
      errors[`columns.${header}`] ??= `"${target}" needs a column mapped to "seizures.${seized[1]}.quantity"`;
    }
  }
  for (const [field, entries] of Object.entries(mapping.values ?? {})) {
    const spec = targetSpec(kind, field);
    for (const [raw, code] of Object.entries(entries ?? {})) {
      const message = spec ? valueMapError(spec, String(code)) : `unknown field "${field}"`;
      if (message) errors[`values.${field}.${raw}`] = message;
    }
  }
  if (mapping.timezone !== undefined && mapping.timezone !== null && !isValidTimeZone(mapping.timezone)) {
    errors.timezone = 'is not an IANA time zone, e.g. Europe/Paris';
  }
  if (mapping.dateFormat) {
    const message = dateFormatError(mapping.dateFormat);
    if (message) errors.dateFormat = message;
  }
  if (mapping.sourceIdColumn && !known.has(mapping.sourceIdColumn)) {
    errors.sourceIdColumn = 'is not a column of the file';
  }
  return errors;
}

/**
 * What is wrong with a mapping for a file with these columns, keyed `columns.<header>`,
 * `values.<field>.<raw>`, `timezone`, `dateFormat`, `sourceIdColumn` and `defaults.<target>`.
 */
export function mappingErrors(
  kind: ImportKind,
  columns: string[],
  mapping: ImportMappingSpec,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [target, value] of Object.entries(mapping.defaults ?? {})) {
    if (typeof value !== 'string') errors[`defaults.${target}`] = 'must be a text value';
    else if (value.length > 500) errors[`defaults.${target}`] = 'must be at most 500 characters';
  }
  if (Object.keys(errors).length > 0) return errors;
  const expanded = expandDefaults(columns, mapping);
  for (const [key, message] of Object.entries(
    columnMappingErrors(kind, expanded.columns, expanded.mapping),
  )) {
    errors[defaultErrorKey(key)] = message;
  }
  return errors;
}
