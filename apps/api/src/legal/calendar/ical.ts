import { TZDate } from '@date-fns/tz';
import { type DeadlineRecord, type Lang, TIME_ZONE } from '@vigie/domain';
import { ICalAlarmType, ICalCalendar, ICalEventClass, ICalEventStatus } from 'ical-generator';
import type { HearingEntry } from './calendar.repository';

/** What a calendar holds, and where its links lead. */
export interface CalendarContent {
  name: string;
  lang: Lang;
  deadlines: readonly DeadlineRecord[];
  hearings: readonly HearingEntry[];
  /** The console's address, for a link from each entry to its case. */
  consoleUrl: string;
}

/** A hearing without a stated length: an hour in the calendar. */
const HEARING_MINUTES = 60;

const WORDS = {
  fr: {
    deadline: 'Échéance',
    earliest: 'Possible à partir de ce jour',
    hearing: 'Audience',
    case: 'Affaire',
    toConfirm: 'Règle à confirmer par l’équipe juridique.',
    judge: 'Juge',
    done: 'fait',
    open: 'Ouvrir dans Vigie',
  },
  en: {
    deadline: 'Deadline',
    earliest: 'Possible from this day',
    hearing: 'Hearing',
    case: 'Case',
    toConfirm: 'Rule to be confirmed by the legal team.',
    judge: 'Judge',
    done: 'done',
    open: 'Open in Vigie',
  },
} as const;

/** The UTC midnight of a local date: date-only values are written from their UTC fields. */
function dateOnly(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function nextDay(date: string): Date {
  return new Date(dateOnly(date).getTime() + 86_400_000);
}

/** The instant of a Paris local date and time. */
function parisInstant(date: string, time: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hours, minutes, TIME_ZONE).getTime());
}

/**
 * An iCalendar (RFC 5545) of deadlines, all-day with reminders a week and a day before, and of
 * hearings, at their Paris time (in UTC, which every client reads) or all-day when no time is known.
 * Entries keep a stable UID and carry their version as SEQUENCE, so a subscribed calendar updates
 * them in place. Only what the caller passes in is written: the selection is the service's.
 */
export function calendarText(content: CalendarContent): string {
  const words = WORDS[content.lang];
  const calendar = new ICalCalendar({
    name: content.name,
    prodId: { company: 'Vigie', product: 'Vigie', language: content.lang.toUpperCase() },
    ttl: 3600,
  });
  const link = (caseId: string) => `${content.consoleUrl}/#/legal-cases/${caseId}/show`;

  for (const deadline of content.deadlines) {
    const event = calendar.createEvent({
      id: `deadline-${deadline.id}@vigie`,
      allDay: true,
      start: dateOnly(deadline.dueAt),
      end: nextDay(deadline.dueAt),
      summary:
        `${deadline.nature === 'earliest' ? words.earliest : words.deadline} : ${deadline.title} — ${deadline.caseReference}` +
        (deadline.status === 'done' ? ` (${words.done})` : ''),
      description: [
        `${words.case} : ${deadline.caseReference} — ${deadline.caseTitle}`,
        deadline.basis?.[content.lang] ?? deadline.notes ?? '',
        deadline.ruleConfirmed === false ? words.toConfirm : '',
        `${words.open} : ${link(deadline.caseId)}`,
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
      url: link(deadline.caseId),
      sequence: deadline.version,
      stamp: new Date(deadline.updatedAt),
      status: deadline.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      class: ICalEventClass.PRIVATE,
    });
    if (deadline.status === 'open' && deadline.nature === 'deadline') {
      for (const days of [7, 1]) event.createAlarm({ type: ICalAlarmType.display, trigger: days * 86_400 });
    }
  }

  for (const hearing of content.hearings) {
    const start = hearing.time ? parisInstant(hearing.date, hearing.time) : dateOnly(hearing.date);
    const caseName = hearing.caseReference
      ? `${hearing.caseReference} — ${hearing.caseTitle}`
      : hearing.caseTitle;
    calendar.createEvent({
      id: `hearing-${hearing.id}@vigie`,
      allDay: hearing.time === null,
      start,
      end: hearing.time ? new Date(start.getTime() + HEARING_MINUTES * 60_000) : nextDay(hearing.date),
      summary: `${words.hearing} : ${hearing.title} — ${caseName}`,
      location: hearing.room,
      description: [
        `${words.case} : ${caseName}`,
        hearing.judge ? `${words.judge} : ${hearing.judge}` : '',
        `${words.open} : ${link(hearing.caseId)}`,
      ]
        .filter((line) => line !== '')
        .join('\n'),
      url: link(hearing.caseId),
      sequence: hearing.version,
      stamp: new Date(hearing.updatedAt),
      class: ICalEventClass.PRIVATE,
    });
  }
  return calendar.toString();
}
