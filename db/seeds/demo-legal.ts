import { randomUUID } from 'node:crypto';
import {
  formatParisDate,
  type LegalEventKind,
  type LegalForum,
  type LegalOutcome,
  type LegalProcedure,
} from '@vigie/domain';
import { addDays, addMonths } from '@vigie/domain/legal';
import type { QueryRunner } from 'typeorm';
import { deadlinesCalledFor } from '../../apps/api/src/legal/deadlines/deadlines-called-for';

/*
 * A few legal cases for the demo data set (synthetic, like the rest of it), dated from the day it
 * is loaded so that the « Échéances » page has something overdue, something due this week and
 * something later. Their computed deadlines come from the same rules as the API's.
 */

const NOTE = '(Affaire fictive, données de démonstration.)';

/** A perimeter around central Calais, where the demo set has evictions. */
const CALAIS_PERIMETER = {
  type: 'Polygon',
  coordinates: [
    [
      [1.84, 50.93],
      [1.9, 50.93],
      [1.9, 50.96],
      [1.84, 50.96],
      [1.84, 50.93],
    ],
  ],
};

interface DemoEvent {
  kind: LegalEventKind;
  /** Days from the day the demo set is loaded (negative: in the past). */
  day: number;
  title: string;
  time?: string;
  room?: string;
  outcome?: LegalOutcome;
  notifiedDay?: number;
}

interface DemoCase {
  reference: string;
  title: string;
  procedure: LegalProcedure;
  forum: LegalForum;
  status: string;
  outcome?: LegalOutcome;
  summary: string;
  publicSummary?: string;
  confidentialNotes?: string;
  claimants?: string;
  respondents?: string;
  lawyer?: string;
  parent?: string;
  act?: {
    reference: string;
    title: string;
    authority: string;
    publishedDay: number;
    validDays: [number, number];
  };
  events: DemoEvent[];
  /** Deadlines written by hand: title and days from today. */
  manual?: { title: string; day: number }[];
  /** Which observations are linked: those of a site, or those inside the act's perimeter. */
  evidence?: { siteName: string } | 'perimeter';
}

const CASES: DemoCase[] = [
  {
    reference: 'DEMO-2026-001',
    title: 'Référé-liberté contre les expulsions répétées du campement BMX',
    procedure: 'refere_liberte',
    forum: 'ta_lille',
    status: 'decided',
    outcome: 'rejected',
    summary: `Expulsions toutes les 48 heures, saisie systématique des tentes. ${NOTE}`,
    publicSummary: 'Un référé-liberté contre les expulsions répétées du campement BMX, rejeté.',
    confidentialNotes: `Envisager l’appel au Conseil d’État. ${NOTE}`,
    claimants: 'Associations requérantes (fictif)',
    respondents: 'Préfet du Pas-de-Calais',
    lawyer: 'Me Exemple',
    events: [
      { kind: 'filing', day: -20, title: 'Requête en référé-liberté' },
      { kind: 'hearing', day: -17, title: 'Audience de référé', time: '14:00', room: 'Salle 1' },
      { kind: 'decision', day: -14, title: 'Ordonnance de rejet', outcome: 'rejected', notifiedDay: -10 },
    ],
    manual: [{ title: 'Réunir les attestations des observateurs', day: -2 }],
    evidence: { siteName: 'BMX' },
  },
  {
    reference: 'DEMO-2026-002',
    title: 'Recours contre l’arrêté d’interdiction des distributions dans le centre de Calais',
    procedure: 'recours_annulation',
    forum: 'ta_lille',
    status: 'filed',
    summary: `Arrêté préfectoral interdisant les distributions de nourriture. ${NOTE}`,
    publicSummary: 'Un recours en annulation contre l’interdiction des distributions alimentaires.',
    respondents: 'Préfet du Pas-de-Calais',
    act: {
      reference: 'n° DEMO-01',
      title: 'Arrêté portant interdiction des distributions de denrées',
      authority: 'Préfet du Pas-de-Calais',
      publishedDay: -45,
      validDays: [-44, 40],
    },
    events: [{ kind: 'filing', day: -30, title: 'Requête en annulation' }],
    manual: [{ title: 'Mémoire en réplique', day: 5 }],
    evidence: 'perimeter',
  },
  {
    reference: 'DEMO-2026-003',
    title: 'Appel devant le Conseil d’État (campement BMX)',
    procedure: 'appeal',
    forum: 'conseil_etat',
    status: 'preparing',
    summary: `Appel de l’ordonnance de rejet. ${NOTE}`,
    parent: 'DEMO-2026-001',
    events: [],
  },
  {
    reference: 'DEMO-2026-004',
    title: 'Plainte pour violences lors d’une expulsion à Loon-Plage',
    procedure: 'criminal_complaint',
    forum: 'parquet_dunkerque',
    status: 'pending',
    summary: `Usage de gaz lacrymogène sur des personnes à terre. ${NOTE}`,
    publicSummary: 'Une plainte pour violences lors d’une expulsion.',
    events: [{ kind: 'filing', day: -100, title: 'Dépôt de plainte' }],
    evidence: { siteName: 'Loon-Plage, camp principal' },
  },
  {
    reference: 'DEMO-2026-005',
    title: 'Demande de communication des mains courantes des opérations',
    procedure: 'cada_request',
    forum: 'cada',
    status: 'filed',
    summary: `Demande adressée à la préfecture. ${NOTE}`,
    events: [{ kind: 'filing', day: -50, title: 'Demande à la préfecture' }],
  },
  {
    reference: 'DEMO-2026-006',
    title: 'Saisine du Défenseur des droits : entraves au travail des observateurs',
    procedure: 'defenseur_droits',
    forum: 'defenseur_droits',
    status: 'filed',
    summary: `Contrôles d’identité répétés des observateurs. ${NOTE}`,
    publicSummary: 'Une saisine du Défenseur des droits sur les entraves à l’observation.',
    events: [{ kind: 'filing', day: -60, title: 'Saisine' }],
  },
];

/** Inserts the demo cases with their events, deadlines and evidence; returns how many cases. */
export async function insertDemoLegalCases(runner: QueryRunner, now: Date): Promise<number> {
  const today = formatParisDate(now);
  const day = (offset: number) => addDays(today, offset);
  const ids = new Map<string, string>();
  for (const demo of CASES) {
    const caseId = randomUUID();
    ids.set(demo.reference, caseId);
    await runner.query(
      `INSERT INTO legal_cases (id, reference, title, procedure, forum, status, outcome, summary, public_summary,
                                confidential_notes, claimants, respondents, lawyer, parent_case_id,
                                act_reference, act_title, act_authority, act_published_on, act_valid_from,
                                act_valid_to, act_perimeter)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
               CASE WHEN $15::text IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON($21), 4326) END)`,
      [
        caseId,
        demo.reference,
        demo.title,
        demo.procedure,
        demo.forum,
        demo.status,
        demo.outcome ?? null,
        demo.summary,
        demo.publicSummary ?? null,
        demo.confidentialNotes ?? null,
        demo.claimants ?? null,
        demo.respondents ?? null,
        demo.lawyer ?? null,
        demo.parent ? ids.get(demo.parent) : null,
        demo.act?.reference ?? null,
        demo.act?.title ?? null,
        demo.act?.authority ?? null,
        demo.act ? day(demo.act.publishedDay) : null,
        demo.act ? day(demo.act.validDays[0]) : null,
        demo.act ? day(demo.act.validDays[1]) : null,
        JSON.stringify(CALAIS_PERIMETER),
      ],
    );
    const events = demo.events.map((event) => ({
      id: randomUUID(),
      kind: event.kind,
      date: day(event.day),
      notifiedOn: event.notifiedDay === undefined ? null : day(event.notifiedDay),
      outcome: event.outcome ?? null,
      source: event,
    }));
    for (const event of events) {
      await runner.query(
        `INSERT INTO legal_case_events (id, case_id, kind, date, time, title, outcome, notified_on, room)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          event.id,
          caseId,
          event.kind,
          event.date,
          event.source.time ?? null,
          event.source.title,
          event.outcome,
          event.notifiedOn,
          event.source.room ?? null,
        ],
      );
    }
    const computed = deadlinesCalledFor({
      procedure: demo.procedure,
      forum: demo.forum,
      actPublishedOn: demo.act ? day(demo.act.publishedDay) : null,
      events,
    });
    for (const deadline of computed.values()) {
      await runner.query(
        `INSERT INTO legal_deadlines (case_id, title, due_on, rule, starts_on, basis_fr, basis_en, computed, source,
                                      source_event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $9)`,
        [
          caseId,
          deadline.rule.title.fr,
          deadline.dueAt,
          deadline.rule.code,
          deadline.startsOn,
          deadline.basis.fr,
          deadline.basis.en,
          deadline.source,
          deadline.sourceEventId,
        ],
      );
    }
    for (const manual of demo.manual ?? []) {
      await runner.query(`INSERT INTO legal_deadlines (case_id, title, due_on) VALUES ($1, $2, $3)`, [
        caseId,
        manual.title,
        day(manual.day),
      ]);
    }
    const evidence = demo.evidence;
    if (evidence === 'perimeter' && demo.act) {
      await runner.query(
        `INSERT INTO legal_case_evidence (case_id, observation_id, note)
         SELECT $1, o.id, 'Dans le périmètre de l’arrêté' FROM observations o, legal_cases lc
          WHERE lc.id = $1 AND o.status = 'validated' AND ST_Intersects(o.location, lc.act_perimeter)
            AND o.started_at >= $2::date AND o.started_at < $3::date
          ORDER BY o.started_at DESC LIMIT 8`,
        [caseId, day(demo.act.validDays[0]), addMonths(day(demo.act.validDays[0]), 1)],
      );
    } else if (evidence && evidence !== 'perimeter') {
      await runner.query(
        `INSERT INTO legal_case_evidence (case_id, observation_id)
         SELECT $1, o.id FROM observations o JOIN sites s ON s.id = o.site_id
          WHERE s.name = $2 AND o.status = 'validated' AND o.started_at < now()
          ORDER BY o.started_at DESC LIMIT 4`,
        [caseId, evidence.siteName],
      );
    }
  }
  return CASES.length;
}
