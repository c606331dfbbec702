import { describe, expect, it } from 'vitest';
import { actionLabel, describeChanges, formatValue, resourceOfEntity, type Translate } from './changes';

const LABELS: Record<string, string> = {
  'resources.observations.fields.kind': 'Type',
  'resources.observations.fields.startedAt': 'Début (heure de Paris)',
  'resources.users.fields.role': 'Rôle',
  'vocab.observationKind.eviction': 'Expulsion',
  'vocab.observationKind.dispersal': 'Dispersion',
  'vocab.role.observer': 'Observation',
  'vocab.role.coordinator': 'Coordination terrain',
  'vocab.forceUnit.crs': 'CRS',
  'vocab.forceUnit.paf': 'Police aux frontières',
  'vocab.incidentType.tear_gas': 'Gaz lacrymogène',
  'vocab.consentScope.publication': 'Publication',
  'vocab.consentScope.litigation': 'Contentieux',
  'vocab.consentScope.research': 'Recherche',
  'resources.incidents.fields.perpetrators': 'Forces impliquées',
  'vigie.triState.true': 'Oui',
  'vigie.triState.false': 'Non',
  'vigie.audit.actions.update': 'Modification',
  'vigie.audit.actions.delete': 'Suppression',
  'vigie.audit.entityActions.users.delete': 'Désactivation du compte',
  'vigie.history.changed': '(modifié)',
  'vigie.perimeter.polygons': 'Périmètre : %{smart_count} polygone(s)',
};

/** Polyglot's behaviour: the `_` option when the key is missing, else the key; `%{…}` replaced. */
const translate: Translate = (key, options) =>
  (LABELS[key] ?? (options?._ as string | undefined) ?? key).replace(/%\{(\w+)\}/g, (_match, name: string) =>
    String(options?.[name] ?? ''),
  );

describe('describeChanges', () => {
  it('labels the fields and the vocabulary values in the console language', () => {
    expect(
      describeChanges(
        'observations',
        { kind: { before: 'eviction', after: 'dispersal' }, arrests: { before: 0, after: 2 } },
        translate,
        'fr',
      ),
    ).toEqual([
      { field: 'kind', label: 'Type', before: 'Expulsion', after: 'Dispersion' },
      { field: 'arrests', label: 'arrests', before: '0', after: '2' },
    ]);
  });

  it('shows timestamps in Paris time and missing values as a dash', () => {
    const [line] = describeChanges(
      'observations',
      { startedAt: { before: null, after: '2025-03-31T21:30:00Z' } },
      translate,
      'fr',
    );
    expect(line).toEqual({
      field: 'startedAt',
      label: 'Début (heure de Paris)',
      before: '—',
      after: '31/03/2025 23:30',
    });
  });

  it('translates a role', () => {
    expect(
      describeChanges('users', { role: { before: 'observer', after: 'coordinator' } }, translate, 'fr'),
    ).toEqual([{ field: 'role', label: 'Rôle', before: 'Observation', after: 'Coordination terrain' }]);
  });

  it('lists what a creation set, without the empty values and the bookkeeping', () => {
    expect(
      describeChanges(
        'observations',
        {
          id: { before: null, after: 'o1' },
          kind: { before: null, after: 'eviction' },
          forces: { before: null, after: [] },
          createdBy: { before: null, after: 'u1' },
        },
        translate,
        'fr',
        'create',
      ),
    ).toEqual([{ field: 'kind', label: 'Type', before: null, after: 'Expulsion' }]);
  });

  it('gives nothing for a missing diff', () => {
    expect(describeChanges('observations', null, translate, 'fr')).toEqual([]);
  });
});

describe('formatValue', () => {
  it('writes booleans, points, lists and child rows', () => {
    expect(formatValue(true, translate, 'fr')).toBe('Oui');
    expect(formatValue({ type: 'Point', coordinates: [1.8587, 50.9513] }, translate, 'fr')).toContain(
      '50.9513',
    );
    expect(formatValue(['BMX', 'Old Lidl'], translate, 'fr')).toBe('BMX, Old Lidl');
    expect(formatValue([{ unit: 'crs', vehicles: 4, officers: null }], translate, 'fr')).toBe('CRS, 4');
  });

  it("writes a challenged act's values, its perimeter as a count of polygons", () => {
    const perimeter = {
      type: 'Polygon',
      coordinates: [
        [
          [1.8, 50.9],
          [1.9, 50.9],
          [1.9, 51],
          [1.8, 50.9],
        ],
      ],
    };
    expect(formatValue(perimeter, translate, 'fr')).toBe('Périmètre : 1 polygone(s)');
    expect(
      formatValue({ reference: 'n° 2026-104', title: null, validTo: '', perimeter }, translate, 'fr'),
    ).toBe('n° 2026-104, Périmètre : 1 polygone(s)');
  });

  it('never shows a password, only that it changed', () => {
    expect(formatValue('[changed]', translate, 'fr')).toBe('(modifié)');
  });

  it('shortens long text', () => {
    expect(formatValue('x'.repeat(500), translate, 'fr')).toHaveLength(160);
  });
});

describe('resourceOfEntity and actionLabel', () => {
  it('turns table names into resource names', () => {
    expect(resourceOfEntity('observations')).toBe('observations');
    expect(resourceOfEntity('user')).toBe('users');
    expect(resourceOfEntity('legal_cases')).toBe('legal-cases');
  });

  it('falls back to the code for an unknown action', () => {
    expect(actionLabel('update', translate)).toBe('Modification');
    expect(actionLabel('teleport', translate)).toBe('teleport');
  });

  it('calls the deletion of an account a deactivation', () => {
    expect(actionLabel('delete', translate, 'users')).toBe('Désactivation du compte');
    expect(actionLabel('delete', translate, 'observations')).toBe('Suppression');
  });
});

describe('describeChanges on an incident', () => {
  it('labels the type and each force of the perpetrators', () => {
    expect(
      describeChanges(
        'incidents',
        {
          type: { before: null, after: 'tear_gas' },
          perpetrators: { before: ['crs'], after: ['crs', 'paf'] },
        },
        translate,
        'fr',
      ),
    ).toEqual([
      { field: 'type', label: 'type', before: '—', after: 'Gaz lacrymogène' },
      {
        field: 'perpetrators',
        label: 'Forces impliquées',
        before: 'CRS',
        after: 'CRS, Police aux frontières',
      },
    ]);
  });

  it('writes the consent out, scope by scope', () => {
    const [line] = describeChanges(
      'incidents',
      {
        consent: {
          before: { publication: false, litigation: false, research: false },
          after: { publication: true, litigation: false, research: false },
        },
      },
      translate,
      'fr',
    );
    expect(line?.after).toBe('Publication : Oui, Contentieux : Non, Recherche : Non');
  });
});
