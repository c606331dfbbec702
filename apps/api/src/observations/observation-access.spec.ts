import type { Role } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { assertMayEdit, isVisibleTo } from './observation-access';

const actor = (role: Role, id = 'u1'): Actor => ({
  id,
  role,
  email: 'x@y',
  name: 'X',
  sessionId: 's',
  ip: '::1',
});

describe('observation access rules', () => {
  it('shows communication only validated observations', () => {
    expect(isVisibleTo(actor('communication'), { status: 'validated' })).toBe(true);
    expect(isVisibleTo(actor('communication'), { status: 'submitted' })).toBe(false);
    expect(isVisibleTo(actor('communication'), { status: 'draft' })).toBe(false);
    expect(isVisibleTo(actor('legal'), { status: 'draft' })).toBe(true);
  });

  it('lets an observer edit its own record until it is validated', () => {
    expect(() => assertMayEdit(actor('observer', 'me'), { createdBy: 'me', status: 'draft' })).not.toThrow();
    expect(() =>
      assertMayEdit(actor('observer', 'me'), { createdBy: 'me', status: 'submitted' }),
    ).not.toThrow();
    expect(() => assertMayEdit(actor('observer', 'me'), { createdBy: 'me', status: 'validated' })).toThrow(
      DomainError,
    );
    expect(() => assertMayEdit(actor('observer', 'me'), { createdBy: 'other', status: 'draft' })).toThrow(
      DomainError,
    );
  });

  it('lets coordinators and admins edit any record', () => {
    for (const role of ['coordinator', 'admin'] as const) {
      expect(() => assertMayEdit(actor(role), { createdBy: 'other', status: 'validated' })).not.toThrow();
    }
  });
});
