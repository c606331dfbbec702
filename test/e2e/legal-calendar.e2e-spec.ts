import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http';
import {
  type ApiClient,
  createLegalCase,
  expectApiError,
  signedInAs,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string | null;
  /** `YYYY-MM-DD` for an all-day event, else an ISO instant in UTC. */
  start: string;
  allDay: boolean;
  sequence: number;
  alarms: number;
}

/** Parses an iCalendar text with ical.js, a strict RFC 5545 reader: a malformed feed throws. */
function parseCalendar(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(calendar.getFirstPropertyValue('prodid')).toEqual(expect.stringContaining('Vigie'));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? '',
      location: event.location || null,
      start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
      allDay: event.startDate.isDate,
      sequence: event.sequence,
      alarms: component.getAllSubcomponents('valarm').length,
    };
  });
}

describe('calendar feeds', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let legal: ApiClient;
  let communication: ApiClient;

  beforeAll(async () => {
    [legal, communication] = await Promise.all([signedInAs(api, 'legal'), signedInAs(api, 'communication')]);
  });

  const fetchFeed = (url: string) =>
    request<string>(new URL(url).origin, 'GET', new URL(url).pathname + new URL(url).search);

  /** A case with a hearing at 14:30 Paris time, a manual open deadline, and restricted text. */
  async function caseWithAgenda(secret: string) {
    const record = await createLegalCase(legal, {
      status: 'pending',
      claimants: `Requérants ${secret}`,
      confidentialNotes: `Notes ${secret}`,
      summary: `Résumé interne ${secret}`,
    });
    const hearing = await legal.post<{ id: string }>(`/api/legal-cases/${record.id}/events`, {
      kind: 'hearing',
      date: '2030-06-12',
      time: '14:30',
      title: 'Audience de référé',
      room: 'Salle 1',
      judge: 'M. le président',
    });
    expect(hearing.status, JSON.stringify(hearing.body)).toBe(201);
    const deadline = await legal.post<{ id: string }>(`/api/legal-cases/${record.id}/deadlines`, {
      title: 'Déposer le mémoire',
      dueAt: '2030-06-05',
    });
    expect(deadline.status).toBe(201);
    return { record, hearingId: hearing.body.id, deadlineId: deadline.body.id };
  }

  it('gives a lawyer a secret feed URL of their deadlines and hearings, valid iCalendar', async () => {
    const secret = uniqueWord('secret');
    const { record, hearingId, deadlineId } = await caseWithAgenda(secret);
    const created = await legal.post<{ url: string; active: boolean }>('/api/auth/calendar-feed');
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const feed = await fetchFeed(created.body.url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(feed.headers.get('cache-control')).toBe('private, no-store');
    const events = parseCalendar(feed.body);
    const deadline = events.find((event) => event.uid === `deadline-${deadlineId}@vigie`);
    expect(deadline).toMatchObject({ allDay: true, start: '2030-06-05', alarms: 2 });
    expect(deadline!.summary).toContain('Déposer le mémoire');
    expect(deadline!.summary).toContain(record.reference);
    const hearing = events.find((event) => event.uid === `hearing-${hearingId}@vigie`);
    // 14:30 in Paris in June is 12:30 UTC.
    expect(hearing).toMatchObject({ allDay: false, start: '2030-06-12T12:30:00.000Z', location: 'Salle 1' });
    expect(hearing!.description).toContain('M. le président');
    // Restricted and internal text never leaves through a feed.
    expect(feed.body).not.toContain(secret);

    const state = await legal.get<{ active: boolean; lastUsedAt: string | null }>('/api/auth/calendar-feed');
    expect(state.body).toMatchObject({ active: true, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(state.body)).not.toContain(new URL(created.body.url).pathname);
  });

  it('speaks English when asked, and refuses another language', async () => {
    const { url } = (await legal.post<{ url: string }>('/api/auth/calendar-feed')).body;
    const english = await fetchFeed(`${url}?lang=en`);
    expect(english.status).toBe(200);
    expect(parseCalendar(english.body).some((event) => event.summary.startsWith('Deadline'))).toBe(true);
    expectApiError(await fetchFeed(`${url}?lang=de`), 400, ['lang']);
  });

  it('stops the old URL when a new one is made or the feed is revoked', async () => {
    const first = (await legal.post<{ url: string }>('/api/auth/calendar-feed')).body.url;
    const second = (await legal.post<{ url: string }>('/api/auth/calendar-feed')).body.url;
    expect(second).not.toBe(first);
    expectApiError(await fetchFeed(first), 404);
    expect((await fetchFeed(second)).status).toBe(200);
    expect((await legal.delete('/api/auth/calendar-feed')).status).toBe(204);
    expectApiError(await fetchFeed(second), 404);
    expect((await legal.get<{ active: boolean }>('/api/auth/calendar-feed')).body.active).toBe(false);
    expectApiError(await fetchFeed(second.replace(/[A-Za-z0-9_-]{43}\.ics$/, 'not-a-token.ics')), 404);
  });

  it('stops serving the feed of a deactivated account', async () => {
    const lawyer = await signedInAs(api, 'legal');
    const { url } = (await lawyer.post<{ url: string }>('/api/auth/calendar-feed')).body;
    expect((await fetchFeed(url)).status).toBe(200);
    await api.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [lawyer.user!.id]);
    expectApiError(await fetchFeed(url), 404);
  });

  it('gives communication the hearings of public cases only, without deadlines or references', async () => {
    const secret = uniqueWord('secret');
    const { record, hearingId } = await caseWithAgenda(secret);
    const preparing = await createLegalCase(legal, { status: 'preparing' });
    const hidden = await legal.post<{ id: string }>(`/api/legal-cases/${preparing.id}/events`, {
      kind: 'hearing',
      date: '2030-06-13',
      title: 'Audience confidentielle',
    });
    const { url } = (await communication.post<{ url: string }>('/api/auth/calendar-feed')).body;
    const feed = await fetchFeed(url);
    const events = parseCalendar(feed.body);
    expect(events.some((event) => event.uid === `hearing-${hearingId}@vigie`)).toBe(true);
    expect(events.some((event) => event.uid === `hearing-${hidden.body.id}@vigie`)).toBe(false);
    expect(events.some((event) => event.uid.startsWith('deadline-'))).toBe(false);
    expect(feed.body).not.toContain(record.reference);
    expect(feed.body).not.toContain(secret);
  });

  it('downloads deadlines.ics and a case’s hearings.ics for a signed-in user', async () => {
    const { record, hearingId, deadlineId } = await caseWithAgenda(uniqueWord('s'));
    const deadlines = await legal.get<string>(`/api/deadlines.ics?caseId=${record.id}`);
    expect(deadlines.status).toBe(200);
    expect(parseCalendar(deadlines.body).map((event) => event.uid)).toEqual([`deadline-${deadlineId}@vigie`]);
    const hearings = await communication.get<string>(`/api/legal-cases/${record.id}/hearings.ics`);
    expect(hearings.status).toBe(200);
    expect(parseCalendar(hearings.body).map((event) => event.uid)).toEqual([`hearing-${hearingId}@vigie`]);
    expectApiError(await communication.get('/api/deadlines.ics'), 403);
  });
});
