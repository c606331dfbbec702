import type { ReviewStatus, Role } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { type Reviewable, type ReviewTarget, takeReviewStep } from './review-workflow';

interface Row extends Reviewable {
  reviewComment: string | null;
  secret?: string;
}

const actor = (role: Role, id = 'u1'): Actor => ({
  id,
  role,
  email: 'x@y',
  name: 'X',
  sessionId: 's',
  ip: '::1',
});

/** A target over one in-memory row, recording the audit entries written. */
function fakeTarget(status: ReviewStatus, createdBy = 'author') {
  const row: Row = { id: 'r1', status, createdBy, deletedAt: null, reviewComment: 'old', secret: 's' };
  const audited: AuditEntry[] = [];
  const target: ReviewTarget<Row> = {
    label: 'Incident',
    entity: 'incidents',
    permissions: { submit: 'incidents.submit', validate: 'incidents.validate' },
    audit: {
      record: async (_manager: EntityManager, entry: AuditEntry) => void audited.push(entry),
    } as AuditService,
    transaction: (work) => work({} as EntityManager),
    lockVisible: async () => ({ ...row }),
    assertMayEdit: (who, record) => {
      if (who.role === 'observer' && record.createdBy !== who.id)
        throw new DomainError('forbidden', 'forbidden', 'no');
    },
    write: async (_manager, _id, values) => void Object.assign(row, values),
    reload: async () => ({ ...row }),
    present: (_who, record) => {
      const { secret: _hidden, ...rest } = record;
      return rest;
    },
  };
  return { row, audited, target };
}

describe(takeReviewStep.name, () => {
  it('moves draft → submitted, clears the comment, audits the step and presents the result', async () => {
    const { row, audited, target } = fakeTarget('draft', 'u1');
    const result = await takeReviewStep(target, actor('observer', 'u1'), 'r1', 'submit');
    expect(row).toMatchObject({ status: 'submitted', reviewComment: null });
    expect(result).not.toHaveProperty('secret');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ action: 'submit', entity: 'incidents', entityId: 'r1' });
  });

  it('sets the comment on return', async () => {
    const { row, target } = fakeTarget('submitted');
    await takeReviewStep(target, actor('coordinator'), 'r1', 'return', 'Préciser');
    expect(row).toMatchObject({ status: 'draft', reviewComment: 'Préciser' });
  });

  it('refuses a step from the wrong status with invalid_transition and the presented record', async () => {
    const { row, audited, target } = fakeTarget('validated');
    const error = await takeReviewStep(target, actor('admin'), 'r1', 'validate').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'conflict', code: 'invalid_transition' });
    expect((error as DomainError).message).toBe('Cannot validate an incident whose status is validated');
    expect((error as DomainError).details.current).not.toHaveProperty('secret');
    expect(row.status).toBe('validated');
    expect(audited).toEqual([]);
  });

  it('checks the permission before anything else, and the row rule for submit', async () => {
    const { row, target } = fakeTarget('submitted');
    await expect(takeReviewStep(target, actor('observer'), 'r1', 'validate')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const draft = fakeTarget('draft', 'someone-else');
    await expect(takeReviewStep(draft.target, actor('observer'), 'r1', 'submit')).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(row.status).toBe('submitted');
    expect(draft.row.status).toBe('draft');
  });
});
