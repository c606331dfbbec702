import { describe, expect, it } from 'vitest';
import { columnsOf, EXPORT_COLUMNS, type ExportResource, holdsText } from './exports.columns';

const RESOURCES: ExportResource[] = ['observations', 'incidents'];

describe(columnsOf.name, () => {
  it.each(RESOURCES)('names each %s column once, in snake_case, at each level', (resource) => {
    for (const level of ['internal', 'research'] as const) {
      const names = columnsOf(resource, level, 'full').map(({ column }) => column.name);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it.each(RESOURCES)('leaves free text, user ids and instants out of the research %s', (resource) => {
    const research = columnsOf(resource, 'research', 'full');
    for (const { column, sql } of research) {
      expect(column.type, column.name).not.toBe('datetime');
      expect(column.name, column.name).not.toMatch(
        /description|details|summary|testimony|_by$|contractor_name|identifiers|site_/,
      );
      // Positions and places only through the grid and the small-cell rule.
      if (['longitude', 'latitude', 'date', 'commune_code', 'commune_name'].includes(column.name)) {
        expect(sql, column.name).toMatch(/^CASE WHEN g\.exact THEN/);
      }
    }
  });

  it('keeps the testimony out of every level', () => {
    for (const resource of RESOURCES) {
      for (const column of EXPORT_COLUMNS[resource]) {
        const internal =
          typeof column.internal === 'function' ? column.internal('full') : (column.internal ?? '');
        expect(`${internal} ${column.research ?? ''}`).not.toContain('testimony');
      }
    }
  });

  it('gives communication no internal description of incidents', () => {
    const description = columnsOf('incidents', 'internal', 'public').find(
      ({ column }) => column.name === 'description',
    );
    expect(description?.sql).toBe('NULL::text');
  });
});

describe(holdsText.name, () => {
  it('names every free-text and name column as text, and no code, id or typed column', () => {
    const text = (resource: ExportResource) =>
      columnsOf(resource, 'internal', 'full')
        .filter(({ column }) => holdsText(column))
        .map(({ column }) => column.name);
    expect(text('observations')).toEqual(
      expect.arrayContaining([
        'site_name',
        'commune_name',
        'legal_basis_details',
        'contractor_name',
        'force_identifiers',
        'description',
        'kind_label',
      ]),
    );
    expect(text('incidents')).toEqual(
      expect.arrayContaining(['description', 'public_summary', 'type_label']),
    );
    for (const name of [...text('observations'), ...text('incidents')]) {
      expect(name).not.toMatch(/^(id|kind|type|area|status|legal_basis|site_id|observation_id|.*_by|.*_at)$/);
    }
  });
});
