import { type Permission, type ReviewStatus, type Role, ROLES_SEEING_UNVALIDATED } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { recordChange } from '../audit/record-change';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { authErrors } from '../auth/auth.errors';
import { DomainError } from '../common/domain-error';
import { recordErrors } from '../common/record-errors';

export type ReviewAction = 'submit' | 'validate' | 'return';

export enum ReviewErrorCode {
  InvalidTransition = 'invalid_transition',
}

/** What every reviewed record carries (observations, incidents). */
export interface Reviewable {
  id: string;
  status: ReviewStatus;
  createdBy: string | null;
  deletedAt: string | null;
}

/** Each step of the review workflow (DESIGN §3): from which status to which. */
const STEPS: Record<ReviewAction, { from: ReviewStatus; to: ReviewStatus }> = {
  submit: { from: 'draft', to: 'submitted' },
  validate: { from: 'submitted', to: 'validated' },
  return: { from: 'submitted', to: 'draft' },
};

export const reviewErrors = {
  invalidTransition: (label: string, action: ReviewAction, current: { status: string }) =>
    new DomainError(
      'conflict',
      ReviewErrorCode.InvalidTransition,
      `Cannot ${action} an ${label.toLowerCase()} whose status is ${current.status}`,
      { current, errors: { status: `cannot ${action} from ${current.status}` } },
    ),
};

/** Roles that may not see unvalidated records (communication) only get validated ones. */
export function seesUnvalidated(role: Role): boolean {
  return ROLES_SEEING_UNVALIDATED.includes(role);
}

export function isVisibleTo(actor: Actor, record: Pick<Reviewable, 'status'>): boolean {
  return seesUnvalidated(actor.role) || record.status === 'validated';
}

/** Observers edit only their own records, and only until they are validated (DESIGN §4). */
export function assertObserverMayEdit(
  actor: Actor,
  record: Pick<Reviewable, 'createdBy' | 'status'>,
  label: string,
): void {
  if (actor.role !== 'observer') return;
  const what = label.toLowerCase();
  if (record.createdBy !== actor.id) throw authErrors.forbidden(`editing another person's ${what}`);
  if (record.status === 'validated') throw authErrors.forbidden(`editing a validated ${what}`);
}

/** How the workflow reaches one kind of reviewed record. */
export interface ReviewTarget<R extends Reviewable> {
  /** "Observation", "Incident": used in messages. */
  label: string;
  /** The audit entity. */
  entity: string;
  /** `submit` is taken with the first, `validate` and `return` with the second. */
  permissions: { submit: Permission; validate: Permission };
  audit: AuditService;
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** Locks the row and returns the whole record; 404 when it does not exist or the actor may not see it. */
  lockVisible(manager: EntityManager, actor: Actor, id: string): Promise<R>;
  /** Row rule for `submit`: observers only their own records. */
  assertMayEdit(actor: Actor, record: R): void;
  /** Writes the status (and the review comment when given), bumps the version. */
  write(
    manager: EntityManager,
    id: string,
    values: { status: ReviewStatus; reviewComment?: string | null },
    actorId: string,
  ): Promise<void>;
  reload(manager: EntityManager, id: string): Promise<R>;
  /** The record as the actor may see it (restricted fields removed), for answers and conflicts. */
  present?(actor: Actor, record: R): R;
}

/**
 * Takes one review step: permission, visibility, row rule, state checks, write, audit, all in one
 * transaction. `submit` clears the review comment; `return` sets it.
 */
export async function takeReviewStep<R extends Reviewable>(
  target: ReviewTarget<R>,
  actor: Actor,
  id: string,
  action: ReviewAction,
  comment?: string,
): Promise<R> {
  const { from, to } = STEPS[action];
  assertCan(actor, action === 'submit' ? target.permissions.submit : target.permissions.validate);
  const present = (record: R): R => (target.present ? target.present(actor, record) : record);
  return target.transaction(async (manager) => {
    const current = await target.lockVisible(manager, actor, id);
    if (action === 'submit') target.assertMayEdit(actor, current);
    if (current.deletedAt) throw recordErrors.deleted(target.label, id);
    if (current.status !== from) {
      throw reviewErrors.invalidTransition(target.label, action, present(current));
    }
    const reviewComment = action === 'submit' ? null : action === 'return' ? (comment ?? null) : undefined;
    await target.write(
      manager,
      id,
      reviewComment === undefined ? { status: to } : { status: to, reviewComment },
      actor.id,
    );
    const record = await target.reload(manager, id);
    await recordChange(target.audit, manager, actor, target.entity, action, current, record);
    return present(record);
  });
}
