import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS } from './permissions';
import { ROLES } from './vocabularies';

describe(can.name, () => {
  it('gives users, settings and the audit log to admins only', () => {
    for (const permission of ['users.manage', 'settings.manage', 'audit.read'] as const) {
      expect(ROLES.codes.filter((role) => can(role, permission))).toEqual(['admin']);
    }
  });

  it('keeps researchers away from field data but lets them read the communes', () => {
    expect(can('researcher', 'communes.read')).toBe(true);
    expect(can('researcher', 'observations.read')).toBe(false);
    expect(can('researcher', 'sites.read')).toBe(false);
  });

  it('lets observers create but not delete, and legal and communication only read', () => {
    expect(can('observer', 'observations.create')).toBe(true);
    expect(can('observer', 'observations.delete')).toBe(false);
    expect(can('observer', 'sites.update')).toBe(false);
    for (const role of ['legal', 'communication'] as const) {
      expect(can(role, 'observations.read')).toBe(true);
      expect(can(role, 'observations.create')).toBe(false);
      expect(can(role, 'observations.update')).toBe(false);
    }
  });

  it('lets every role but researchers read reports, and only admin and communication generate them', () => {
    expect(ROLES.codes.filter((role) => can(role, 'reports.read'))).toEqual([
      'admin',
      'coordinator',
      'observer',
      'legal',
      'communication',
    ]);
    expect(ROLES.codes.filter((role) => can(role, 'reports.create'))).toEqual(['admin', 'communication']);
  });

  it('gives researchers research-level exports only, and observers no export (DESIGN §4)', () => {
    expect(ROLES.codes.filter((role) => can(role, 'exports.research'))).toEqual([
      'admin',
      'coordinator',
      'legal',
      'communication',
      'researcher',
    ]);
    expect(ROLES.codes.filter((role) => can(role, 'exports.internal'))).toEqual([
      'admin',
      'coordinator',
      'legal',
      'communication',
    ]);
  });

  it('names only known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) {
      for (const role of roles) expect(ROLES.has(role)).toBe(true);
    }
  });
});
