import type { IncidentRecord, Role } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { presentIncident } from './incident-access';

const actor = (role: Role): Actor => ({ id: 'u1', role, email: 'x@y', name: 'X', sessionId: 's', ip: '::1' });

const record = (consent: Partial<IncidentRecord['consent']> = {}): IncidentRecord =>
  ({
    id: 'i1',
    type: 'tear_gas',
    description: 'internal',
    publicSummary: 'summary',
    testimony: 'restricted',
    consent: { publication: false, litigation: false, research: false, ...consent },
    status: 'validated',
  }) as IncidentRecord;

describe(presentIncident.name, () => {
  it('keeps the testimony for admin and legal only', () => {
    expect(presentIncident(actor('admin'), record()).testimony).toBe('restricted');
    expect(presentIncident(actor('legal'), record()).testimony).toBe('restricted');
    for (const role of ['coordinator', 'observer', 'communication'] as const) {
      expect(presentIncident(actor(role), record())).not.toHaveProperty('testimony');
    }
  });

  it('gives communication the public summary only with publication consent', () => {
    expect(presentIncident(actor('communication'), record()).publicSummary).toBeNull();
    expect(presentIncident(actor('communication'), record({ publication: true })).publicSummary).toBe(
      'summary',
    );
    expect(presentIncident(actor('coordinator'), record()).publicSummary).toBe('summary');
  });

  it('leaves the stored record untouched', () => {
    const stored = record();
    presentIncident(actor('communication'), stored);
    expect(stored).toMatchObject({ testimony: 'restricted', publicSummary: 'summary' });
  });
});
