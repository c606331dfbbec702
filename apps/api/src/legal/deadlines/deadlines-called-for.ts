import type {
  Bilingual,
  DeadlineSource,
  LegalEventKind,
  LegalForum,
  LegalOutcome,
  LegalProcedure,
} from '@vigie/domain';
import { computeDeadline, type DeadlineRule, rulesStartedBy } from '@vigie/domain/legal';

/** What the rules read of a case and its live events to know which deadlines they start. */
export interface DeadlineSources {
  procedure: LegalProcedure;
  forum: LegalForum;
  actPublishedOn: string | null;
  events: {
    id: string;
    kind: LegalEventKind;
    date: string;
    notifiedOn: string | null;
    outcome: LegalOutcome | null;
  }[];
}

/** A deadline a case's sources call for, as the rules compute it. */
export interface CalledFor {
  source: DeadlineSource;
  sourceEventId: string | null;
  rule: DeadlineRule;
  startsOn: string;
  dueAt: string;
  basis: Bilingual;
}

/** The key of a computed deadline: one per source and rule. */
export const deadlineKey = (source: DeadlineSource, sourceEventId: string | null, rule: string): string =>
  `${source}:${sourceEventId ?? ''}:${rule}`;

/**
 * Every deadline the case's challenged act and live events call for under the rules of
 * `@vigie/domain/legal`, by key. Pure: the API keeps the stored deadlines equal to it
 * (`DeadlineSync`), the demo data set writes it.
 */
export function deadlinesCalledFor(sources: DeadlineSources): Map<string, CalledFor> {
  const legalCase = { procedure: sources.procedure, forum: sources.forum };
  const started = [
    ...rulesStartedBy(legalCase, { source: 'challenged_act', publishedOn: sources.actPublishedOn }).map(
      (start) => ({ ...start, source: 'challenged_act' as const, sourceEventId: null }),
    ),
    ...sources.events.flatMap((event) =>
      rulesStartedBy(legalCase, {
        source: 'event',
        kind: event.kind,
        date: event.date,
        notifiedOn: event.notifiedOn,
        outcome: event.outcome,
      }).map((start) => ({ ...start, source: 'event' as const, sourceEventId: event.id })),
    ),
  ];
  return new Map(
    started.map(({ rule, startsOn, source, sourceEventId }) => {
      const { dueAt, basis } = computeDeadline(rule, startsOn);
      return [
        deadlineKey(source, sourceEventId, rule.code),
        { source, sourceEventId, rule, startsOn, dueAt, basis },
      ];
    }),
  );
}
