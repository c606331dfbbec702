import type { ImportMappingSpec } from '@vigie/domain';

/** Name of the virtual column that carries the default value of `target`. */
export function defaultColumn(target: string): string {
  return `\uFFFFdefault:${target}`;
}

/**
 * A mapping's `defaults` (target → the raw value to use when no column gives one: every row of a
 * legacy sheet is an eviction, its times are mornings…), turned into what the converter already
 * knows: a target some column maps fills that column's empty cells; any other target gets a
 * virtual column holding the value on every row. The values go through the same conversion and
 * validation as cells do.
 */
export interface ExpandedMapping {
  columns: string[];
  mapping: ImportMappingSpec;
  cells(cells: readonly string[]): string[];
}

export function expandDefaults(columns: string[], mapping: ImportMappingSpec): ExpandedMapping {
  const defaults = Object.entries(mapping.defaults ?? {}).filter(([, value]) => value.trim() !== '');
  if (defaults.length === 0) return { columns, mapping, cells: (cells) => [...cells] };
  const mapped = new Map<string, number>();
  for (const [header, target] of Object.entries(mapping.columns)) {
    const index = columns.indexOf(header);
    if (index >= 0 && !mapped.has(target)) mapped.set(target, index);
  }
  const fills: { index: number; value: string }[] = [];
  const extra: { header: string; target: string; value: string }[] = [];
  for (const [target, value] of defaults) {
    const index = mapped.get(target);
    if (index !== undefined) fills.push({ index, value });
    else extra.push({ header: defaultColumn(target), target, value });
  }
  return {
    columns: [...columns, ...extra.map(({ header }) => header)],
    mapping: {
      ...mapping,
      columns: {
        ...mapping.columns,
        ...Object.fromEntries(extra.map(({ header, target }) => [header, target])),
      },
    },
    cells: (cells) => {
      const filled = [...cells];
      for (const { index, value } of fills) if ((filled[index] ?? '') === '') filled[index] = value;
      for (const { value } of extra) filled.push(value);
      return filled;
    },
  };
}

/** Errors about a virtual column read as errors about the default. */
export function defaultErrorKey(key: string): string {
  const match = /^columns\.\uFFFFdefault:(.+)$/.exec(key);
  return match ? `defaults.${match[1]}` : key;
}

/** Conversion messages name the virtual column as « the default value ». */
export function defaultMessage(message: string): string {
  return message.replace(/column "\uFFFFdefault:([^"]+)"/g, 'default value of $1');
}
