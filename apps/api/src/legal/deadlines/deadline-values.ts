import type { DeadlineRecord } from '@vigie/domain';
import { computeDeadline, deadlineRule } from '@vigie/domain/legal';
import type { Actor } from '../../auth/actor';
import { legalErrors } from '../legal.errors';
import type { CreateDeadlineDto, PatchDeadlineDto } from './dto/deadline-input.dto';
import type { DeadlineValues } from './legal-deadlines.repository';

type Field = Exclude<keyof PatchDeadlineDto, 'version'>;

/** What a computed deadline takes from a person; the rest follows its source. */
const WRITABLE_WHEN_COMPUTED: readonly Field[] = ['title', 'notes', 'status'];
const SCHEDULE: readonly Field[] = ['rule', 'startsOn', 'dueAt'];

const invalid = legalErrors.invalidDeadline;

/** The due date, start and basis of a rule applied from `startsOn`, or of a due date written by hand. */
function schedule(rule: string | null, startsOn: string | null, dueAt: string | null): DeadlineValues {
  if (rule !== null) {
    const found = deadlineRule(rule);
    if (!found) throw legalErrors.unknownRule(rule);
    if (startsOn === null) throw invalid({ startsOn: 'is required with a rule' });
    const computed = computeDeadline(found, startsOn);
    return { rule, startsOn, dueOn: computed.dueAt, basisFr: computed.basis.fr, basisEn: computed.basis.en };
  }
  if (startsOn !== null) throw invalid({ startsOn: 'only goes with a rule' });
  if (dueAt === null) throw invalid({ dueAt: 'is required without a rule' });
  return { rule: null, startsOn: null, dueOn: dueAt, basisFr: null, basisEn: null };
}

/** Column values of a deadline added by hand. */
export function newDeadlineValues(dto: CreateDeadlineDto): DeadlineValues {
  if (dto.rule !== undefined && dto.dueAt !== undefined) {
    throw invalid({ dueAt: 'is computed from the rule and startsOn: send one or the other' });
  }
  const values = schedule(dto.rule ?? null, dto.startsOn ?? null, dto.dueAt ?? null);
  const title = dto.title ?? (values.rule ? deadlineRule(values.rule)?.title.fr : undefined);
  if (!title) throw invalid({ title: 'is required without a rule' });
  return { ...values, title, notes: dto.notes ?? null };
}

/** Column values of a change, over the stored deadline. */
export function changedDeadlineValues(
  current: DeadlineRecord,
  dto: PatchDeadlineDto,
  actor: Actor,
): DeadlineValues {
  const { version: _version, ...body } = dto;
  // A field sent with the value it holds is no change: a client may send back the deadline it read
  // (a computed one with its due date, a ruled one with the due date its rule gave).
  const sent = (Object.keys(body) as Field[]).filter(
    (field) => body[field] !== undefined && body[field] !== current[field],
  );
  const input: Partial<Pick<PatchDeadlineDto, Field>> = Object.fromEntries(
    sent.map((field) => [field, body[field]]),
  );
  if (current.computed) {
    const refused = sent.filter((field) => !WRITABLE_WHEN_COMPUTED.includes(field));
    if (refused.length > 0) throw legalErrors.computedDeadline(refused);
  }
  const values: DeadlineValues = {};
  if (input.title !== undefined) values.title = input.title;
  if (input.notes !== undefined) values.notes = input.notes;
  if (!current.computed && SCHEDULE.some((field) => sent.includes(field))) {
    const rule = input.rule !== undefined ? input.rule : current.rule;
    if (rule !== null && input.dueAt !== undefined) {
      throw invalid({ dueAt: 'is computed from the rule and startsOn: send one or the other' });
    }
    const startsOn = input.startsOn !== undefined ? input.startsOn : rule === null ? null : current.startsOn;
    Object.assign(values, schedule(rule, startsOn, input.dueAt ?? current.dueAt));
  }
  if (input.status !== undefined && input.status !== current.status) {
    Object.assign(
      values,
      input.status === 'open'
        ? { status: 'open', closedAt: null, closedBy: null, cancelReason: null }
        : { status: input.status, closedAt: new Date(), closedBy: actor.id, cancelReason: null },
    );
  }
  return values;
}
