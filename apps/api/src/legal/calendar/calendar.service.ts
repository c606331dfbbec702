import { Injectable } from '@nestjs/common';
import { can, formatParisDate, type Lang } from '@vigie/domain';
import { AuditService } from '../../audit/audit.service';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { hashSessionToken, newSessionToken } from '../../auth/session-token';
import { parseListQuery, withCondition, type RawQuery } from '../../common/list-query/parse-list-query';
import { recordErrors } from '../../common/record-errors';
import { findVisibleCase } from '../cases/legal-case-access';
import { LegalCasesRepository } from '../cases/legal-cases.repository';
import { legalErrors } from '../legal.errors';
import { LegalDeadlinesRepository } from '../deadlines/legal-deadlines.repository';
import { DEADLINE_LIST_SPEC } from '../deadlines/legal-deadlines.sql';
import { CalendarRepository } from './calendar.repository';
import { calendarText } from './ical';

export const CALENDAR_FEED_ENTITY = 'calendar_feeds';

/** Most entries a calendar holds. */
const MAX_ENTRIES = 5000;
/** Past hearings a feed still shows, in days. */
const PAST_HEARINGS_DAYS = 365;
const TOKEN_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

export interface FeedState {
  active: boolean;
  createdAt: string | null;
  lastUsedAt: string | null;
}

/** `?lang=`: French unless English is asked for. */
export function calendarLang(query: RawQuery): Lang {
  const lang = query.lang ?? 'fr';
  if (lang !== 'fr' && lang !== 'en') throw legalErrors.invalidLang();
  return lang;
}

/**
 * Deadlines and hearings in iCalendar, for a lawyer's phone: a per-user secret feed URL (stored as
 * the SHA-256 of its token, revocable, replaced when made again) and two downloads for a signed-in
 * user. A feed shows what its owner may see now, by their current role: deadlines for admin and
 * legal, hearings of the cases the role reads; never a restricted field.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly repository: CalendarRepository,
    private readonly deadlines: LegalDeadlinesRepository,
    private readonly cases: LegalCasesRepository,
    private readonly audit: AuditService,
  ) {}

  async feedState(actor: Actor): Promise<FeedState> {
    assertCan(actor, 'legalCases.read');
    const state = await this.repository.feedState(actor.id);
    return {
      active: state !== null,
      createdAt: state?.createdAt ?? null,
      lastUsedAt: state?.lastUsedAt ?? null,
    };
  }

  /** A new secret URL (the previous one stops working); the token is shown this once only. */
  async createFeed(actor: Actor, baseUrl: string): Promise<FeedState & { url: string }> {
    assertCan(actor, 'legalCases.read');
    const { token, tokenHash } = newSessionToken();
    const { createdAt } = await this.repository.transaction(async (manager) => {
      const created = await this.repository.replaceFeed(manager, actor.id, tokenHash);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'create',
        entity: CALENDAR_FEED_ENTITY,
        entityId: actor.id,
        context: { ip: actor.ip },
      });
      return created;
    });
    return { active: true, createdAt, lastUsedAt: null, url: `${baseUrl}/api/calendar/${token}.ics` };
  }

  async revokeFeed(actor: Actor): Promise<void> {
    assertCan(actor, 'legalCases.read');
    await this.repository.transaction(async (manager) => {
      if (!(await this.repository.deleteFeed(manager, actor.id))) return;
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'delete',
        entity: CALENDAR_FEED_ENTITY,
        entityId: actor.id,
        context: { ip: actor.ip },
      });
    });
  }

  /** The feed of the token in `file` (`<token>.ics`); 404 for a malformed, unknown or revoked one. */
  async feed(file: string, query: RawQuery, consoleUrl: string): Promise<string> {
    const lang = calendarLang(query);
    const token = TOKEN_FILE.exec(file)?.[1];
    const owner = token ? await this.repository.ownerOf(hashSessionToken(token)) : null;
    if (!owner) throw recordErrors.notFound('Calendar', 'feed');
    if (!can(owner.role, 'legalCases.read')) throw recordErrors.notFound('Calendar', 'feed');
    const readsDetails = can(owner.role, 'legalCases.readDetails');
    return calendarText({
      name:
        lang === 'fr'
          ? `Vigie — échéances et audiences (${owner.name})`
          : `Vigie — deadlines and hearings (${owner.name})`,
      lang,
      deadlines: readsDetails ? await this.openDeadlines({}) : [],
      hearings: await this.repository.hearings(readsDetails, this.hearingsSince(), null),
      consoleUrl,
    });
  }

  /** `GET /api/deadlines.ics`: the deadlines of `GET /api/deadlines` with the same filters (open by default). */
  async deadlinesCalendar(actor: Actor, query: RawQuery, consoleUrl: string): Promise<string> {
    assertCan(actor, 'legalCases.readDetails');
    const lang = calendarLang(query);
    const { lang: _lang, ...filters } = query;
    return calendarText({
      name: lang === 'fr' ? 'Vigie — échéances' : 'Vigie — deadlines',
      lang,
      deadlines: await this.openDeadlines(filters),
      hearings: [],
      consoleUrl,
    });
  }

  /** `GET /api/legal-cases/:id/hearings.ics`: the hearings of one case the actor may read. */
  async caseHearingsCalendar(
    actor: Actor,
    caseId: string,
    query: RawQuery,
    consoleUrl: string,
  ): Promise<string> {
    assertCan(actor, 'legalCases.read');
    const lang = calendarLang(query);
    const legalCase = await findVisibleCase(this.cases, actor, caseId);
    const readsDetails = can(actor.role, 'legalCases.readDetails');
    return calendarText({
      name: `Vigie — ${lang === 'fr' ? 'audiences' : 'hearings'} — ${legalCase.title}`,
      lang,
      deadlines: [],
      hearings: await this.repository.hearings(readsDetails, '1900-01-01', caseId),
      consoleUrl,
    });
  }

  private async openDeadlines(filters: RawQuery) {
    const parsed = parseListQuery(
      { status: 'open', ...filters, _start: '0', _end: String(MAX_ENTRIES) },
      DEADLINE_LIST_SPEC,
      { maxPage: MAX_ENTRIES },
    );
    return (await this.deadlines.list(withCondition(parsed, 'lc.deleted_at IS NULL'))).rows;
  }

  private hearingsSince(): string {
    return formatParisDate(new Date(Date.now() - PAST_HEARINGS_DAYS * 86_400_000));
  }
}
