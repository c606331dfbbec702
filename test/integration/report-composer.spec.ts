import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfRenderer, PERIODIC_REPORT_KINDS, REPORT_LANGS } from '@vigie/reporting';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import type { CreateIncidentDto } from '../../apps/api/src/incidents/dto/incident-input.dto';
import { IncidentsRepository } from '../../apps/api/src/incidents/incidents.repository';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service';
import { LegalCasesRepository } from '../../apps/api/src/legal/cases/legal-cases.repository';
import { CaseDossierComposer } from '../../apps/api/src/reports/composer/case-dossier/case-dossier-composer';
import { CaseDossierRepository } from '../../apps/api/src/reports/composer/case-dossier/case-dossier.repository';
import { ReportComposer } from '../../apps/api/src/reports/composer/report-composer';
import { ReportComposerRepository } from '../../apps/api/src/reports/composer/report-composer.repository';
import { StatsRepository } from '../../apps/api/src/stats/stats.repository';
import { StatsService } from '../../apps/api/src/stats/stats.service';
import {
  CHROMIUM,
  chromiumExecutablePath,
  ensureDebianPackages,
  FONTS,
  POPPLER,
  QPDF,
} from '../../db/provision/index.mts';
import { connect, given, PLACES } from '../support/given';
import { TEST_ACTOR } from '../support/users';

/*
 * The composer on the real database and Chromium: February 2028 (a leap month no other test file
 * writes to), compared with January 2028 and February 2027.
 */

let dataSource: DataSource;
let composer: ReportComposer;
let stats: StatsService;
let renderer: PdfRenderer;
const dir = mkdtempSync(join(tmpdir(), 'vigie-report-'));

const HOSTILE_SUMMARY = 'Gaz lacrymogène au réveil <script>alert(1)</script> {{constructor}} fin';
const FEBRUARY = { from: '2028-02-01', to: '2028-02-29', area: null } as const;

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

/** A legal case straight in the database, with its events (`deleted`: a soft-deleted event). */
async function legalCase(
  values: { title: string; status: string; deleted?: boolean; secrets?: string },
  events: { date: string; kind: string; title: string; outcome?: string; deleted?: boolean }[],
): Promise<void> {
  const [{ id }] = (await dataSource.query(
    `INSERT INTO legal_cases (reference, title, procedure, forum, status, claimants, summary, public_summary,
                              confidential_notes, deleted_at)
     VALUES ($1, $2, 'refere_liberte', 'ta_lille', $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      `REF-${values.secrets ?? values.title}`,
      values.title,
      values.status,
      `CLAIMANTS-${values.secrets ?? ''}`,
      `INTERNAL-SUMMARY-${values.secrets ?? ''}`,
      `Résumé public de ${values.title}`,
      `NOTES-${values.secrets ?? ''}`,
      values.deleted ? new Date() : null,
    ],
  )) as { id: string }[];
  for (const event of events) {
    await dataSource.query(
      `INSERT INTO legal_case_events (case_id, kind, date, title, outcome, deleted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, event.kind, event.date, event.title, event.outcome ?? null, event.deleted ? new Date() : null],
    );
  }
}

async function incident(overrides: Partial<CreateIncidentDto>): Promise<void> {
  const service = new IncidentsService(new IncidentsRepository(dataSource), new AuditService());
  const { record } = await service.create(TEST_ACTOR, {
    type: 'tear_gas',
    location: PLACES.calais,
    description: 'Description interne INTERNAL-DESCRIPTION',
    testimony: 'Témoignage RESTRICTED-TESTIMONY',
    ...overrides,
  } as CreateIncidentDto);
  await dataSource.query(`UPDATE incidents SET status = 'validated' WHERE id = $1`, [record.id]);
}

beforeAll(async () => {
  await ensureDebianPackages([CHROMIUM, FONTS, POPPLER, QPDF], (message) => console.log(message));
  dataSource = await connect(inject('databaseUrl'));
  stats = new StatsService(new StatsRepository(dataSource));
  const composerRepository = new ReportComposerRepository(dataSource);
  composer = new ReportComposer(
    stats,
    composerRepository,
    new CaseDossierComposer(
      new LegalCasesRepository(dataSource),
      new CaseDossierRepository(dataSource),
      composerRepository,
    ),
  );
  renderer = new PdfRenderer({ executablePath: chromiumExecutablePath() });

  const validated = (overrides: Parameters<typeof given.observation>[1]) =>
    given.observationWithStatus(dataSource, 'validated', overrides);
  // The last evening of February, Paris time: counted in February (22:30Z).
  await validated({
    startedAt: '2028-02-29T23:30:00+01:00',
    description: 'Récit <script>INTERNAL-NARRATIVE</script>',
  });
  for (let day = 1; day <= 12; day += 1) {
    await validated({
      startedAt: `2028-02-${String(day).padStart(2, '0')}T08:00:00+01:00`,
      location: day % 3 === 0 ? PLACES.grandeSynthe : PLACES.calais,
      peopleEvicted: 100 * day,
      seizures: [{ item: 'tent', quantity: 100 * day, destroyed: false }],
    });
  }
  // Not counted: a draft, and the first minutes of March.
  await given.observationWithStatus(dataSource, 'draft', { startedAt: '2028-02-10T10:00:00+01:00' });
  await validated({ startedAt: '2028-03-01T00:30:00+01:00' });
  await validated({ startedAt: '2028-01-15T10:00:00+01:00' });

  await incident({
    occurredAt: '2028-02-03T09:00:00+01:00',
    publicSummary: HOSTILE_SUMMARY,
    consent: { publication: true, litigation: false, research: false },
  } as Partial<CreateIncidentDto>);
  await incident({
    occurredAt: '2028-02-04T09:00:00+01:00',
    publicSummary: 'NO-CONSENT-SUMMARY',
    consent: { publication: false, litigation: true, research: true },
  } as Partial<CreateIncidentDto>);
  // Litigation news of February 2028: one case communication may read, and those it may not.
  await legalCase({ title: 'Référé LITIGATION-PUBLIC', status: 'decided', secrets: 'PUBLIC' }, [
    { date: '2028-01-20', kind: 'filing', title: 'Requête LITIGATION-JANUARY' },
    { date: '2028-02-10', kind: 'hearing', title: 'Audience LITIGATION-FEBRUARY' },
    { date: '2028-02-12', kind: 'decision', title: 'Ordonnance LITIGATION-DECISION', outcome: 'rejected' },
    { date: '2028-02-13', kind: 'other', title: 'LITIGATION-DELETED-EVENT', deleted: true },
  ]);
  await legalCase({ title: 'LITIGATION-PREPARING', status: 'preparing', secrets: 'PREPARING' }, [
    { date: '2028-02-11', kind: 'submission', title: 'LITIGATION-PREPARING-EVENT' },
  ]);
  await legalCase({ title: 'LITIGATION-DELETED-CASE', status: 'filed', deleted: true }, [
    { date: '2028-02-11', kind: 'filing', title: 'LITIGATION-DELETED-CASE-EVENT' },
  ]);
  await legalCase({ title: 'LITIGATION-NO-LIVE-EVENT', status: 'filed' }, [
    { date: '2028-02-14', kind: 'filing', title: 'LITIGATION-GONE', deleted: true },
  ]);

  await incident({
    type: 'observer_id_check',
    occurredAt: '2028-02-05T09:00:00+01:00',
  } as Partial<CreateIncidentDto>);
}, 300_000);

afterAll(async () => {
  await renderer?.close();
  await dataSource?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe(ReportComposer.name, () => {
  it('prints the figures of StatsService, the last evening of the month in that month', async () => {
    const summary = await stats.summary(TEST_ACTOR, { from: '2028-02-01', to: '2028-02-29' });
    expect(summary.evictions.total).toBe(13);

    const { html, figures } = await composer.compose(
      { kind: 'monthly-note', lang: 'fr', ...FEBRUARY },
      TEST_ACTOR,
    );
    expect(figures.summary).toEqual(summary);
    expect(figures.previous.evictions.total).toBe(1);
    // \s also matches the narrow no-break space French numbers are grouped with.
    const text = pdfText((await renderer.render(html)).pdf, 'monthly-fr').replace(/\s+/g, ' ');
    expect(text).toContain('Note mensuelle — février 2028');
    expect(text).toContain('Au moins 13 expulsions de lieux de vie');
    expect(text).toContain('Au moins 7 800 personnes ont été expulsées');
    expect(text).toContain('Expulsions de lieux de vie 13 1 +12 (+1 200 %) 0');
  });

  it('prints public summaries only with publication consent, as text; never descriptions or testimonies', async () => {
    const { html } = await composer.compose({ kind: 'monthly-note', lang: 'en', ...FEBRUARY }, TEST_ACTOR);
    const text = pdfText((await renderer.render(html)).pdf, 'monthly-en');
    expect(text.replace(/\s+/g, ' ')).toContain(HOSTILE_SUMMARY);
    for (const secret of [
      'NO-CONSENT-SUMMARY',
      'INTERNAL-DESCRIPTION',
      'RESTRICTED-TESTIMONY',
      'INTERNAL-NARRATIVE',
    ]) {
      expect(html).not.toContain(secret);
    }
  });

  it('prints the litigation news of the month: public fields and events of the period only', async () => {
    for (const lang of REPORT_LANGS) {
      const { html } = await composer.compose({ kind: 'monthly-note', lang, ...FEBRUARY }, TEST_ACTOR);
      const text = pdfText((await renderer.render(html)).pdf, `litigation-${lang}`).replace(/\s+/g, ' ');
      expect(text).toContain('Référé LITIGATION-PUBLIC');
      expect(text).toContain('Résumé public de Référé LITIGATION-PUBLIC');
      expect(text).toContain(
        lang === 'fr'
          ? '10 février 2028 — Audience : Audience LITIGATION-FEBRUARY'
          : '10 February 2028 — Hearing: Audience LITIGATION-FEBRUARY',
      );
      expect(text).toContain(
        lang === 'fr' ? 'Ordonnance LITIGATION-DECISION (issue : Rejet)' : '(outcome: Rejected)',
      );
      for (const hidden of [
        'LITIGATION-JANUARY',
        'LITIGATION-DELETED-EVENT',
        'LITIGATION-PREPARING',
        'LITIGATION-DELETED-CASE',
        'LITIGATION-NO-LIVE-EVENT',
        'REF-PUBLIC',
        'CLAIMANTS-PUBLIC',
        'NOTES-PUBLIC',
        'INTERNAL-SUMMARY-PUBLIC',
      ]) {
        expect(html).not.toContain(hidden);
      }
    }
  });

  it('draws one circle per site or place on the map, and the communes of the territory', async () => {
    const { html } = await composer.compose({ kind: 'monthly-note', lang: 'fr', ...FEBRUARY }, TEST_ACTOR);
    const map = /<svg[^>]*class="map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(map.match(/<g class="sites">([\s\S]*?)<\/g>/)?.[1]?.match(/<circle/g)).toHaveLength(2);
    expect(map.match(/<path /g)?.length).toBeGreaterThan(100);
    expect(map).toContain('Licence Ouverte Etalab');
  });

  it('zooms the map on the area asked for, with the figures of that area', async () => {
    const { html, figures } = await composer.compose(
      { kind: 'monthly-note', lang: 'fr', ...FEBRUARY, area: 'dunkerquois' },
      TEST_ACTOR,
    );
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM communes WHERE area = 'dunkerquois'`,
    )) as [{ count: number }];
    const map = /<svg[^>]*class="map"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(map.match(/<path /g)).toHaveLength(count);
    expect(map.match(/<g class="sites">([\s\S]*?)<\/g>/)?.[1]?.match(/<circle/g)).toHaveLength(1);
    expect(figures.summary.area).toBe('dunkerquois');
    expect(figures.summary.evictions.total).toBe(4);
    expect(html).toContain('Zone : Dunkerquois.');
  });

  for (const kind of PERIODIC_REPORT_KINDS) {
    for (const lang of REPORT_LANGS) {
      it(`renders a valid ${kind} in ${lang} where every page has text`, async () => {
        const { html } = await composer.compose({ kind, lang, ...FEBRUARY }, TEST_ACTOR);
        const { pdf, pageCount } = await renderer.render(html);
        const pages = pdfText(pdf, `${kind}-${lang}`).split('\f').slice(0, pageCount);
        expect(pages).toHaveLength(pageCount);
        for (const page of pages) expect(page.trim().length).toBeGreaterThan(20);
        if (kind === 'press-release') expect(pageCount).toBeLessThanOrEqual(2);
      });
    }
  }
});
