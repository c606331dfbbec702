import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/app-config';

const BASE = { DATABASE_URL: 'postgres://vigie@127.0.0.1:5432/vigie' };

describe('export settings (VIGIE_RESEARCH_MIN_CELL_COUNT, VIGIE_EXPORT_LICENSE, VIGIE_EXPORT_PUBLISHER)', () => {
  it('defaults to a minimum of 3 records per cell, ODbL 1.0 and the observatory as publisher', () => {
    expect(loadConfig(BASE)).toMatchObject({
      VIGIE_RESEARCH_MIN_CELL_COUNT: 3,
      VIGIE_EXPORT_LICENSE: 'ODbL-1.0',
      VIGIE_EXPORT_PUBLISHER: 'Observatoire Vigie',
    });
  });

  it('takes other values', () => {
    expect(
      loadConfig({
        ...BASE,
        VIGIE_RESEARCH_MIN_CELL_COUNT: '5',
        VIGIE_EXPORT_LICENSE: 'CC-BY-4.0',
        VIGIE_EXPORT_PUBLISHER: 'Utopia 56',
      }),
    ).toMatchObject({
      VIGIE_RESEARCH_MIN_CELL_COUNT: 5,
      VIGIE_EXPORT_LICENSE: 'CC-BY-4.0',
      VIGIE_EXPORT_PUBLISHER: 'Utopia 56',
    });
  });

  it('stops the start with a clear message on a bad value', () => {
    expect(() => loadConfig({ ...BASE, VIGIE_RESEARCH_MIN_CELL_COUNT: '0' })).toThrow(
      'VIGIE_RESEARCH_MIN_CELL_COUNT must be at least 1',
    );
    expect(() => loadConfig({ ...BASE, VIGIE_EXPORT_LICENSE: 'MIT' })).toThrow(
      'VIGIE_EXPORT_LICENSE must be one of: ODbL-1.0, ODC-By-1.0, PDDL-1.0, CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0',
    );
  });
});
