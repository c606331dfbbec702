import type { ObservationRecord } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '../../apps/api/src/common/domain-error';
import { generateSyntheticObservations, syntheticObservations } from '../../db/seeds/demo';
import type { RawQuery } from '../../apps/api/src/common/list-query/parse-list-query';
import { ObservationsRepository } from '../../apps/api/src/observations/observations.repository';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { ObservationsService } from '../../apps/api/src/observations/observations.service';
import { TEST_ACTOR } from '../support/users';
import {
  connect,
  given,
  PLACES,
  point,
  type Point,
  project,
  rejection,
  services,
  type Services,
  uniqueWord,
} from '../support/given';

let dataSource: DataSource;
let observations: Services['observations'];

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  observations = services(dataSource).observations;
});

afterAll(async () => {
  await dataSource.destroy();
});

const ids = (records: readonly { id: string }[]) => records.map((record) => record.id);

/**
 * Lists within the given records only (a repeated `id` filter), so that rows other tests left in the
 * shared database never change the answer.
 */
async function listAmong(records: readonly { id: string }[], query: RawQuery = {}): Promise<string[]> {
  const result = await observations.list({ id: ids(records), _sort: 'id', _order: 'ASC', ...query });
  expect(result.total).toBe(result.rows.length);
  return ids(result.rows);
}

const sorted = (values: string[]) => [...values].sort();

interface Feature {
  type: 'Feature';
  id: string;
  geometry: Point;
  properties: Record<string, unknown>;
}

interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

describe(ObservationsService.name, () => {
  describe('list filters', () => {
    it('filters by kind, one value or several', async () => {
      const records = await given.observations(dataSource, [
        { kind: 'eviction' },
        { kind: 'large_eviction' },
        { kind: 'site_works' },
        { kind: 'dispersal' },
      ]);
      const [eviction, large, works, dispersal] = ids(records) as [string, string, string, string];

      expect(await listAmong(records, { kind: 'large_eviction' })).toEqual([large]);
      expect(await listAmong(records, { kind: ['eviction', 'site_works'] })).toEqual(
        sorted([eviction, works]),
      );
      expect(await listAmong(records, { kind: 'dispersal' })).toEqual([dispersal]);
    });

    it('filters by review status', async () => {
      const draft = await given.observation(dataSource);
      const submitted = await given.observationWithStatus(dataSource, 'submitted');
      const validated = await given.observationWithStatus(dataSource, 'validated');
      const records = [draft, submitted, validated];

      expect(await listAmong(records, { status: 'validated' })).toEqual([validated.id]);
      expect(await listAmong(records, { status: ['draft', 'submitted'] })).toEqual(
        sorted([draft.id, submitted.id]),
      );
    });

    it('filters by the derived area', async () => {
      const calais = await given.observation(dataSource, { location: PLACES.calais });
      const grandeSynthe = await given.observation(dataSource, { location: PLACES.grandeSynthe });
      const atSea = await given.observation(dataSource, { location: PLACES.sea });
      const records = [calais, grandeSynthe, atSea];

      expect(await listAmong(records, { area: 'dunkerquois' })).toEqual([grandeSynthe.id]);
      expect(await listAmong(records, { area: 'calaisis' })).toEqual([calais.id]);
    });

    it('filters by the derived commune code', async () => {
      const calais = await given.observation(dataSource, { location: PLACES.calais });
      const grandeSynthe = await given.observation(dataSource, { location: PLACES.grandeSynthe });
      const records = [calais, grandeSynthe];

      expect(await listAmong(records, { communeCode: '59271' })).toEqual([grandeSynthe.id]);
      expect(await listAmong(records, { communeCode: ['62193', '59271'] })).toEqual(
        sorted([calais.id, grandeSynthe.id]),
      );
    });

    it('filters by site', async () => {
      const site = await given.site(dataSource);
      const atSite = await given.observation(dataSource, { siteId: site.id });
      const elsewhere = await given.observation(dataSource);

      expect(await listAmong([atSite, elsewhere], { siteId: site.id })).toEqual([atSite.id]);
    });

    it('returns exactly the records of a repeated id filter', async () => {
      const [first, second, third] = await given.observations(dataSource, [{}, {}, {}]);
      const [a, b] = [first as ObservationRecord, second as ObservationRecord];

      const result = await observations.list({ id: [a.id, b.id] });

      expect(sorted(ids(result.rows))).toEqual(sorted([a.id, b.id]));
      expect(result.total).toBe(2);
      expect(ids(result.rows)).not.toContain((third as ObservationRecord).id);
    });

    it('hides deleted records unless deleted=true, which shows only them', async () => {
      const kept = await given.observation(dataSource);
      const deleted = await given.deletedObservation(dataSource);
      const records = [kept, deleted];

      expect(await listAmong(records)).toEqual([kept.id]);
      expect(await listAmong(records, { deleted: 'false' })).toEqual([kept.id]);
      expect(await listAmong(records, { deleted: 'true' })).toEqual([deleted.id]);
    });

    it('refuses an unknown filter instead of ignoring it', async () => {
      const error = await rejection(() => observations.list({ colour: 'red' }));

      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid' });
    });
  });

  describe('startedAt with Paris local dates', () => {
    it('counts the 23-hour spring-forward day 2025-03-30 from Paris midnight to Paris midnight', async () => {
      const before = await given.observation(dataSource, { startedAt: '2025-03-29T23:30:00+01:00' });
      const firstHour = await given.observation(dataSource, { startedAt: '2025-03-30T00:30:00+01:00' });
      const afterJump = await given.observation(dataSource, { startedAt: '2025-03-30T03:15:00+02:00' });
      const lastHalfHour = await given.observation(dataSource, { startedAt: '2025-03-30T23:30:00+02:00' });
      const after = await given.observation(dataSource, { startedAt: '2025-03-31T00:30:00+02:00' });
      const records = [before, firstHour, afterJump, lastHalfHour, after];

      expect(await listAmong(records, { startedAt_gte: '2025-03-30', startedAt_lte: '2025-03-30' })).toEqual(
        sorted([firstHour.id, afterJump.id, lastHalfHour.id]),
      );
      expect(await listAmong(records, { startedAt_lte: '2025-03-29' })).toEqual([before.id]);
      expect(await listAmong(records, { startedAt_gte: '2025-03-31' })).toEqual([after.id]);
    });

    it('counts the 25-hour fall-back day 2025-10-26, both 02:30s included', async () => {
      const before = await given.observation(dataSource, { startedAt: '2025-10-25T23:30:00+02:00' });
      const firstHour = await given.observation(dataSource, { startedAt: '2025-10-26T00:30:00+02:00' });
      const firstTwoThirty = await given.observation(dataSource, { startedAt: '2025-10-26T02:30:00+02:00' });
      const secondTwoThirty = await given.observation(dataSource, { startedAt: '2025-10-26T02:30:00+01:00' });
      const lastHalfHour = await given.observation(dataSource, { startedAt: '2025-10-26T23:30:00+01:00' });
      const after = await given.observation(dataSource, { startedAt: '2025-10-27T00:30:00+01:00' });
      const records = [before, firstHour, firstTwoThirty, secondTwoThirty, lastHalfHour, after];

      expect(await listAmong(records, { startedAt_gte: '2025-10-26', startedAt_lte: '2025-10-26' })).toEqual(
        sorted([firstHour.id, firstTwoThirty.id, secondTwoThirty.id, lastHalfHour.id]),
      );
    });

    it('puts an eviction at 23:30 Paris on the last day of March in March, not April', async () => {
      const lastDayOfFebruary = await given.observation(dataSource, {
        startedAt: '2025-02-28T23:45:00+01:00',
      });
      const firstMinutesOfMarch = await given.observation(dataSource, {
        startedAt: '2025-03-01T00:15:00+01:00',
      });
      const monthEnd = await given.observation(dataSource, { startedAt: '2025-03-31T23:30:00+02:00' });
      const firstMinutesOfApril = await given.observation(dataSource, {
        startedAt: '2025-04-01T00:30:00+02:00',
      });
      const records = [lastDayOfFebruary, firstMinutesOfMarch, monthEnd, firstMinutesOfApril];

      expect(await listAmong(records, { startedAt_gte: '2025-03-01', startedAt_lte: '2025-03-31' })).toEqual(
        sorted([firstMinutesOfMarch.id, monthEnd.id]),
      );
      expect(await listAmong(records, { startedAt_gte: '2025-04-01', startedAt_lte: '2025-04-30' })).toEqual([
        firstMinutesOfApril.id,
      ]);
    });

    it('takes a timestamp with an offset as that instant', async () => {
      const early = await given.observation(dataSource, { startedAt: '2025-03-31T22:59:00+02:00' });
      const late = await given.observation(dataSource, { startedAt: '2025-03-31T23:30:00+02:00' });

      expect(await listAmong([early, late], { startedAt_gte: '2025-03-31T21:00:00Z' })).toEqual([late.id]);
      expect(await listAmong([early, late], { startedAt_lte: '2025-03-31T23:00:00+02:00' })).toEqual([
        early.id,
      ]);
    });

    it('reads startedAt=<local date> as that whole Paris day', async () => {
      const morning = await given.observation(dataSource, { startedAt: '2025-10-26T07:30:00+01:00' });
      const midnight = await given.observation(dataSource, { startedAt: '2025-10-26T00:00:00+02:00' });
      const nextDay = await given.observation(dataSource, { startedAt: '2025-10-27T07:30:00+01:00' });

      expect(await listAmong([morning, midnight, nextDay], { startedAt: '2025-10-26' })).toEqual(
        sorted([morning.id, midnight.id]),
      );
    });
  });

  describe('full-text search (q)', () => {
    it('finds words of the description through French stemming', async () => {
      const token = uniqueWord();
      const tents = await given.observation(dataSource, {
        description: `Démantèlement du campement près du canal, tentes saisies par les CRS. ${token}`,
      });
      const other = await given.observation(dataSource, {
        description: `Dispersion rapide sur le parking, aucune saisie. ${token}`,
      });
      const records = [tents, other];

      expect(await listAmong(records, { q: 'campements' })).toEqual([tents.id]);
      expect(await listAmong(records, { q: 'tente' })).toEqual([tents.id]);
      expect(await listAmong(records, { q: 'démantèlements' })).toEqual([tents.id]);
      expect(await listAmong(records, { q: 'saisies' })).toEqual(sorted([tents.id, other.id]));
      expect(await listAmong(records, { q: 'bulldozer' })).toEqual([]);
    });

    it('reads web search syntax: every word required, quoted phrases, exclusions', async () => {
      const token = uniqueWord();
      const canal = await given.observation(dataSource, {
        description: `Campement du canal évacué, tentes saisies. ${token}`,
      });
      const bridge = await given.observation(dataSource, {
        description: `Campement sous le pont évacué, saisies de tentes. ${token}`,
      });
      const records = [canal, bridge];

      expect(await listAmong(records, { q: 'campement canal' })).toEqual([canal.id]);
      expect(await listAmong(records, { q: '"tentes saisies"' })).toEqual([canal.id]);
      expect(await listAmong(records, { q: 'campement -canal' })).toEqual([bridge.id]);
      expect(await listAmong(records, { q: token })).toEqual(sorted([canal.id, bridge.id]));
    });

    it('also searches the legal basis details and the contractor name', async () => {
      const token = uniqueWord();
      const order = await given.observation(dataSource, {
        description: token,
        legalBasisDetails: 'Arrêté préfectoral affiché la veille',
      });
      const contractor = await given.observation(dataSource, {
        description: token,
        contractorPresent: true,
        contractorName: 'Entreprise Vandamme',
      });
      const records = [order, contractor];

      expect(await listAmong(records, { q: 'arrêtés préfectoraux' })).toEqual([order.id]);
      expect(await listAmong(records, { q: 'vandamme' })).toEqual([contractor.id]);
    });
  });

  describe('spatial filters', () => {
    it('keeps the points inside a bbox', async () => {
      const calais = await given.observation(dataSource, { location: PLACES.calais });
      const grandeSynthe = await given.observation(dataSource, { location: PLACES.grandeSynthe });
      const records = [calais, grandeSynthe];

      expect(await listAmong(records, { bbox: '1.80,50.92,1.95,50.99' })).toEqual([calais.id]);
      expect(await listAmong(records, { bbox: '2.25,50.98,2.35,51.03' })).toEqual([grandeSynthe.id]);
      expect(await listAmong(records, { bbox: '1.5,50.5,2.5,51.5' })).toEqual(
        sorted([calais.id, grandeSynthe.id]),
      );
    });

    it('measures near+radius in metres on the geography: 250 m away is in at 300 m, out at 200 m', async () => {
      const centre = point(1.8612, 50.9489);
      const north = await project(dataSource, centre, 250, 0);
      const east = await project(dataSource, centre, 250, 90);
      const atCentre = await given.observation(dataSource, { location: centre });
      const toTheNorth = await given.observation(dataSource, { location: north });
      const toTheEast = await given.observation(dataSource, { location: east });
      const farAway = await given.observation(dataSource, { location: PLACES.grandeSynthe });
      const records = [atCentre, toTheNorth, toTheEast, farAway];
      const near = centre.coordinates.join(',');

      expect(await listAmong(records, { near, radius: '300' })).toEqual(
        sorted([atCentre.id, toTheNorth.id, toTheEast.id]),
      );
      expect(await listAmong(records, { near, radius: '200' })).toEqual([atCentre.id]);
      // 250 m is about 0.0036° of longitude here: a radius taken in degrees would keep everything.
      expect(await listAmong(records, { near, radius: '1' })).toEqual([atCentre.id]);
    });
  });

  describe('sorting and pagination', () => {
    it('breaks ties by id so that pages neither repeat nor skip a record', async () => {
      const times = [
        '2025-05-02T08:00:00+02:00',
        '2025-05-02T08:00:00+02:00',
        '2025-05-02T08:00:00+02:00',
        '2025-05-01T08:00:00+02:00',
        '2025-05-01T08:00:00+02:00',
        '2025-05-03T08:00:00+02:00',
        '2025-05-01T08:00:00+02:00',
      ];
      const records = await given.observations(
        dataSource,
        times.map((startedAt) => ({ startedAt })),
      );
      const byStartThenId = [...records].sort((a, b) =>
        a.startedAt === b.startedAt
          ? a.id.localeCompare(b.id)
          : Date.parse(a.startedAt) - Date.parse(b.startedAt),
      );

      for (const order of ['ASC', 'DESC'] as const) {
        const pages: string[] = [];
        for (let start = 0; start < records.length; start += 2) {
          const page = await observations.list({
            id: ids(records),
            _sort: 'startedAt',
            _order: order,
            _start: String(start),
            _end: String(start + 2),
          });
          expect(page.total).toBe(records.length);
          pages.push(...ids(page.rows));
        }
        const expected = ids(byStartThenId);
        expect(pages).toEqual(order === 'ASC' ? expected : [...expected].reverse());
      }
    });

    it('sorts by startedAt descending by default', async () => {
      const records = await given.observations(dataSource, [
        { startedAt: '2025-06-02T08:00:00+02:00' },
        { startedAt: '2025-06-03T08:00:00+02:00' },
        { startedAt: '2025-06-01T08:00:00+02:00' },
      ]);

      const result = await observations.list({ id: ids(records) });

      expect(ids(result.rows)).toEqual([records[1]?.id, records[0]?.id, records[2]?.id]);
    });

    it('puts unknown values last in both directions', async () => {
      const records = await given.observations(dataSource, [
        { peopleEvicted: 40 },
        { peopleEvicted: null },
        { peopleEvicted: 5 },
      ]);
      const [forty, unknown, five] = ids(records);

      const ascending = await observations.list({ id: ids(records), _sort: 'peopleEvicted', _order: 'ASC' });
      const descending = await observations.list({
        id: ids(records),
        _sort: 'peopleEvicted',
        _order: 'DESC',
      });

      expect(ids(ascending.rows)).toEqual([five, forty, unknown]);
      expect(ids(descending.rows)).toEqual([forty, five, unknown]);
    });
  });

  describe('geojson', () => {
    it('returns the filtered page as a FeatureCollection in the list order', async () => {
      const records = await given.observations(dataSource, [
        { location: PLACES.calais, startedAt: '2025-07-01T08:00:00+02:00', kind: 'eviction' },
        { location: PLACES.grandeSynthe, startedAt: '2025-07-02T08:00:00+02:00', kind: 'eviction' },
        { location: PLACES.calais, startedAt: '2025-07-03T08:00:00+02:00', kind: 'dispersal' },
      ]);
      const query = { id: ids(records), kind: 'eviction', _sort: 'startedAt', _order: 'DESC' };

      const result = await observations.geojson(query);
      const collection = JSON.parse(result.body) as FeatureCollection;
      const list = await observations.list(query);

      expect(result.total).toBe(2);
      expect(collection.type).toBe('FeatureCollection');
      expect(collection.features.map((feature) => feature.id)).toEqual(ids(list.rows));
      expect(collection.features[0]).toMatchObject({
        type: 'Feature',
        id: records[1]?.id,
        geometry: { type: 'Point', coordinates: PLACES.grandeSynthe.coordinates },
        properties: { kind: 'eviction', communeCode: '59271', area: 'dunkerquois' },
      });
    });

    it('applies near+radius like the list', async () => {
      const centre = point(2.3101, 51.0102);
      const close = await given.observation(dataSource, {
        location: await project(dataSource, centre, 250, 45),
      });
      const further = await given.observation(dataSource, {
        location: await project(dataSource, centre, 350, 45),
      });
      const near = centre.coordinates.join(',');

      const result = await observations.geojson({ id: [close.id, further.id], near, radius: '300' });
      const collection = JSON.parse(result.body) as FeatureCollection;

      expect(collection.features.map((feature) => feature.id)).toEqual([close.id]);
      expect(result.total).toBe(1);
    });

    it('returns an empty FeatureCollection when nothing matches', async () => {
      const record = await given.observation(dataSource, { kind: 'eviction' });

      const result = await observations.geojson({ id: record.id, kind: 'dispersal' });

      expect(JSON.parse(result.body)).toEqual({ type: 'FeatureCollection', features: [] });
      expect(result.total).toBe(0);
    });
  });

  describe('possible duplicates', () => {
    it('flags observations of the same kind within 300 m that start at most 2 h apart, not further nor of another kind', async () => {
      const centre = point(1.8701, 50.9452);
      const original = await given.observation(dataSource, {
        location: centre,
        startedAt: '2025-08-05T07:00:00+02:00',
        endedAt: '2025-08-05T08:00:00+02:00',
      });
      const sameEviction = await given.observation(dataSource, {
        location: await project(dataSource, centre, 200, 10),
        startedAt: '2025-08-05T08:50:00+02:00',
      });
      const tooFar = await given.observation(dataSource, {
        location: await project(dataSource, centre, 400, 10),
        startedAt: '2025-08-05T07:15:00+02:00',
      });
      const tooLate = await given.observation(dataSource, {
        location: centre,
        startedAt: '2025-08-05T10:30:00+02:00',
      });
      const otherKind = await given.observation(dataSource, {
        location: centre,
        kind: 'dispersal',
        startedAt: '2025-08-05T07:30:00+02:00',
      });

      const stored = await observations.get(original.id);

      expect(stored.possibleDuplicateIds).toContain(sameEviction.id);
      expect(stored.possibleDuplicateIds).not.toContain(tooFar.id);
      expect(stored.possibleDuplicateIds).not.toContain(tooLate.id);
      expect(stored.possibleDuplicateIds).not.toContain(otherKind.id);
      expect((await observations.get(sameEviction.id)).possibleDuplicateIds).toContain(original.id);
    });
  });
});

describe('on a few thousand synthetic observations', () => {
  interface PlanNode {
    'Node Type': string;
    'Index Name'?: string;
    Alias?: string;
    Plans?: PlanNode[];
  }

  /** Indexes the plan uses to read the `observations o` of the outer query (not sub-queries). */
  function indexesForAlias(node: PlanNode, alias: string): string[] | null {
    if (node.Alias === alias) {
      if (node['Index Name']) return [node['Index Name']];
      if (node['Node Type'] === 'Bitmap Heap Scan') return allIndexes(node);
      return [];
    }
    for (const child of node.Plans ?? []) {
      const found = indexesForAlias(child, alias);
      if (found) return found;
    }
    return null;
  }

  /** Every scan of the table aliased `alias` in the plan, with its index if it has one. */
  function scansOf(node: PlanNode, alias: string): { type: string; index?: string }[] {
    const own =
      node.Alias === alias
        ? [{ type: node['Node Type'], ...(node['Index Name'] ? { index: node['Index Name'] } : {}) }]
        : [];
    return [...own, ...(node.Plans ?? []).flatMap((child) => scansOf(child, alias))];
  }

  function allIndexes(node: PlanNode): string[] {
    return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(allIndexes)];
  }

  interface Statement {
    sql: string;
    params: unknown[];
  }

  /** The real service, its statements recorded into `statements` as they are sent. */
  function recordingService(statements: Statement[]): ObservationsService {
    const recorder = {
      query: (sql: string, params: unknown[] = []) => {
        statements.push({ sql, params });
        return dataSource.query(sql, params);
      },
    };
    return new ObservationsService(
      new ObservationsRepository(recorder as unknown as DataSource),
      new AuditService(),
    );
  }

  /** The statements the real repository sends for a list query (list page and count). */
  async function statementsOf(query: RawQuery): Promise<Statement[]> {
    const statements: Statement[] = [];
    await recordingService(statements).list(TEST_ACTOR, query);
    return statements;
  }

  /** Index names used for `o` by each statement, with seq scans allowed, then (if needed) disabled. */
  async function indexesUsed(statement: Statement, enableSeqscan: boolean): Promise<string[]> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET enable_seqscan = ${enableSeqscan ? 'on' : 'off'}`);
      const [row]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await runner.query(
        `EXPLAIN (FORMAT JSON) ${statement.sql}`,
        statement.params,
      );
      const plan = row?.['QUERY PLAN'][0]?.Plan as PlanNode;
      return indexesForAlias(plan, 'o') ?? [];
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
  }

  /** True when the index serves every statement, first as the planner likes, else with seq scans off. */
  async function indexUsable(query: RawQuery, index: string): Promise<Record<string, string[]>> {
    const used: Record<string, string[]> = {};
    for (const statement of await statementsOf(query)) {
      const name = statement.sql.includes('count(*)') ? 'count' : 'page';
      let indexes = await indexesUsed(statement, true);
      if (!indexes.includes(index)) indexes = await indexesUsed(statement, false);
      used[name] = indexes;
    }
    return used;
  }

  /** Generated id → the territory the generator drew it in. */
  const generated = new Map<string, string>();

  beforeAll(async () => {
    const options = { count: 3000, seed: Date.now() % 1_000_000_007, end: new Date('2025-12-31T12:00:00Z') };
    for (const observation of syntheticObservations(options))
      generated.set(observation.id, observation.territory);
    const inserted = await generateSyntheticObservations(dataSource, options);
    expect(inserted).toBe(options.count);
    // Only a table's owner may ANALYZE it: the app role's ANALYZE is skipped with a warning, and the
    // plans below would then depend on when autovacuum last ran.
    const owner = await connect(inject('ownerDatabaseUrl'));
    try {
      await owner.query('ANALYZE observations');
    } finally {
      await owner.destroy();
    }
  });

  afterAll(async () => {
    // Test data of this describe only; child rows go with their observation (ON DELETE CASCADE).
    await dataSource.query('DELETE FROM observations WHERE id = ANY($1::uuid[])', [[...generated.keys()]]);
  });

  it('derives for every synthetic observation the area the generator drew it in', async () => {
    const stored: { id: string; area: string | null }[] = await dataSource.query(
      'SELECT id, area FROM observations WHERE id = ANY($1::uuid[])',
      [[...generated.keys()]],
    );

    expect(stored).toHaveLength(generated.size);
    const misplaced = stored.filter((row) => row.area !== generated.get(row.id));
    expect(misplaced).toEqual([]);
  });

  it('answers a tile from the Web-Mercator index alone, for the full view and the validated one', async () => {
    // Tile statements as the service sends them, for an admin and for a communication user (who
    // reads validated records only, with other properties' rules).
    const tiles: Statement[] = [];
    const service = recordingService(tiles);
    const calais = { z: '13', x: '4138', y: '2743' };
    await service.tile(TEST_ACTOR, calais, {});
    await service.tile({ ...TEST_ACTOR, role: 'communication' }, calais, { kind: 'eviction' });
    expect(tiles).toHaveLength(2);

    // The visibility map set (only the owner may VACUUM), as autovacuum keeps it on a live table;
    // bitmap scans, which always read the table, and sequential scans set aside. A statement that
    // needs a column the index lacks is then an index scan reading the table, and the test names it.
    const owner = await connect(inject('ownerDatabaseUrl'));
    try {
      await owner.query('VACUUM observations');
    } finally {
      await owner.destroy();
    }
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    const settings = ['enable_seqscan', 'enable_bitmapscan'];
    try {
      for (const setting of settings) await runner.query(`SET ${setting} = off`);
      for (const tile of tiles) {
        const [row]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await runner.query(
          `EXPLAIN (FORMAT JSON) ${tile.sql}`,
          tile.params,
        );
        const scans = scansOf(row?.['QUERY PLAN'][0]?.Plan as PlanNode, 'o');
        expect(scans).toEqual([{ type: 'Index Only Scan', index: 'observations_location_3857_idx' }]);
      }
    } finally {
      for (const setting of settings) await runner.query(`RESET ${setting}`);
      await runner.release();
    }
  });

  it('can serve a bbox filter from the GiST index on the location', async () => {
    const used = await indexUsable({ bbox: '1.84,50.93,1.88,50.96' }, 'observations_location_idx');

    // The count scans the box through the GiST index; the page (25 newest) may rather walk the
    // start-time index backwards and stop early — either way, an index and no sequential scan.
    expect(used.count).toEqual(expect.arrayContaining(['observations_location_idx']));
    expect(used.page?.length).toBeGreaterThan(0);
    expect(
      used.page?.every((name) => ['observations_location_idx', 'observations_started_at_idx'].includes(name)),
    ).toBe(true);
  });

  it('can serve a commune and period filter from the (commune_code, started_at) btree index', async () => {
    // Bounds at instants: the total is counted from the records (whole Paris days, below, from the facts).
    const used = await indexUsable(
      {
        communeCode: '62193',
        startedAt_gte: '2025-03-01T06:00:00+01:00',
        startedAt_lte: '2025-03-31T18:00:00+02:00',
      },
      'observations_commune_started_at_idx',
    );

    expect(used).toEqual({
      page: expect.arrayContaining(['observations_commune_started_at_idx']),
      count: expect.arrayContaining(['observations_commune_started_at_idx']),
    });
  });

  it('reads the total of a commune over whole Paris days from the daily facts, not the records', async () => {
    const statements = await statementsOf({
      communeCode: '62193',
      startedAt_gte: '2025-03-01',
      startedAt_lte: '2025-03-31',
    });

    expect(statements).toHaveLength(2);
    expect(
      statements.filter((statement) => statement.sql.includes('FROM observation_daily_facts')),
    ).toHaveLength(1);
    expect(statements.some((statement) => statement.sql.includes('count(*)'))).toBe(false);
  });
});
