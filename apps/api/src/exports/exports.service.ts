import { pipeline, type Readable, Transform } from 'node:stream';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, can, formatParisDate, parisDayStart } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditService } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { AppConfig } from '../config/app-config';
import type { ListSpec, ParsedListQuery } from '../common/list-query/list-spec';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { withCondition } from '../common/list-query/parse-list-query';
import { INCIDENT_LIST_SPEC, PUBLIC_INCIDENT_LIST_SPEC } from '../incidents/incidents.list-spec';
import { LIVE_OBSERVATION_LIST_SPEC, OBSERVATION_LIST_SPEC } from '../observations/observations.list-spec';
import { seesUnvalidated } from '../observations/observation-access';
import type { ExportLicenseId } from './export-licenses';
import type { ExportLevel, ExportResource, ExportView } from './exports.columns';
import { exportsErrors } from './exports.errors';
import {
  assertNoErrors,
  EXPORT_FILES,
  type ExportFile,
  type ExportQuery,
  parseExportFilters,
  parseExportParameters,
  researchSpec,
} from './exports-query';
import { ExportSnapshot, ExportsRepository } from './exports.repository';
import {
  type ExportCounts,
  exportCountsSql,
  type ExportPlan,
  exportSelectSql,
  planColumns,
  type ResearchRules,
} from './exports.sql';
import {
  csvPath,
  datapackageDescriptor,
  type PackageContext,
  packageLicense,
  packageName,
  packageReadme,
} from './formats/datapackage';
import { geojsonStream } from './formats/geojson-writer';
import { xlsxStream } from './formats/xlsx-writer';

/** What the controller sends: a file name, its media type and the bytes as they are produced. */
export interface ExportDownload {
  filename: string;
  contentType: string;
  stream: Readable;
}

const MEDIA_TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  geojson: 'application/geo+json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
} as const;

/** What an estimate answers (`GET /api/exports/estimate`). */
export interface ExportEstimate {
  file: ExportFile;
  level: ExportLevel;
  from: string;
  to: string;
  /** Data rows per table of the file, as the export would write them now. */
  rows: Partial<Record<ExportResource, number>>;
  /** Approximate size of the file. */
  bytes: number;
  /** Research level: the rules applied (the console explains them); null at internal level. */
  rules: Pick<ResearchRules, 'embargoDays' | 'embargoFrom' | 'gridMetres' | 'minCellCount'> | null;
}

/** CSV rows read to measure an average row size. */
const ESTIMATE_SAMPLE_ROWS = 200;

/**
 * Size of each format from the size of the same rows as CSV, measured on the demo data: GeoJSON
 * repeats the property names in every feature; XLSX and the package are deflated archives with
 * some fixed parts (styles, definitions sheet; descriptor, README, licence).
 */
const SIZE_FACTORS: Record<keyof typeof MEDIA_TYPES, { perCsvByte: number; fixed: number }> = {
  csv: { perCsvByte: 1, fixed: 0 },
  geojson: { perCsvByte: 2.5, fixed: 100 },
  xlsx: { perCsvByte: 0.35, fixed: 12_000 },
  zip: { perCsvByte: 0.25, fixed: 25_000 },
};

/** The list filters a research export accepts, per resource (see `researchSpec`). */
const RESEARCH_FILTERS: Record<ExportResource, readonly string[]> = {
  observations: [
    'kind',
    'area',
    'communeCode',
    'arrests',
    'peopleEvicted',
    'shelterOffered',
    'observationObstructed',
    'interpretersPresent',
  ],
  incidents: ['type', 'againstObservers', 'area', 'communeCode', 'victimCount', 'injured'],
};

/** The list's filters, as each view of the records has them (DESIGN §4). */
const LIST_SPECS: Record<ExportResource, Record<ExportView, ListSpec>> = {
  observations: { full: OBSERVATION_LIST_SPEC, public: LIVE_OBSERVATION_LIST_SPEC },
  incidents: { full: INCIDENT_LIST_SPEC, public: PUBLIC_INCIDENT_LIST_SPEC },
};

/** A package holds both tables: it takes the filters they share. */
const PACKAGE_FILTERS = ['area', 'communeCode'];

/** Stands for filters that did not parse (their errors are thrown before anything runs). */
const EMPTY_FILTERS: ParsedListQuery = { where: 'FALSE', params: [], orderBy: '', offset: 0, limit: 0 };

function pick(spec: ListSpec, names: readonly string[]): ListSpec {
  return { ...spec, filters: Object.fromEntries(names.map((name) => [name, spec.filters[name]!])) };
}

/** A semicolon CSV opens in spreadsheet software set to French: the BOM tells it the encoding. */
/**
 * Research and partner exports (DESIGN §5 "exports", §7): CSV, GeoJSON, XLSX and a Frictionless
 * data package, streamed from one read-only snapshot. Every export is audited with its parameters,
 * level and row counts before its first byte leaves.
 */
@Injectable()
export class ExportsService {
  private readonly embargoDays: number;
  private readonly gridMetres: number;
  private readonly minCellCount: number;
  private readonly license: ExportLicenseId;
  private readonly publisher: string;

  constructor(
    private readonly repository: ExportsRepository,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(AppConfig) config?: Partial<AppConfig>,
  ) {
    this.embargoDays = config?.VIGIE_RESEARCH_EMBARGO_DAYS ?? 30;
    this.gridMetres = config?.VIGIE_LOCATION_GRID_METRES ?? 500;
    this.minCellCount = config?.VIGIE_RESEARCH_MIN_CELL_COUNT ?? 3;
    this.license = config?.VIGIE_EXPORT_LICENSE ?? 'ODbL-1.0';
    this.publisher = config?.VIGIE_EXPORT_PUBLISHER ?? 'Observatoire Vigie';
  }

  async export(actor: Actor, file: ExportFile, query: RawQuery): Promise<ExportDownload> {
    const { name, extension, parameters, research, plans } = this.prepare(actor, file, query);
    const stamp = `${parameters.level}-${parameters.from}_${parameters.to}`;
    const filename =
      name === 'datapackage' ? `${packageName(parameters)}.zip` : `vigie-${name}-${stamp}.${extension}`;

    const snapshot = await this.repository.openSnapshot();
    try {
      const counts: ExportCounts[] = [];
      for (const plan of plans) {
        const [row] = await snapshot.query<{ counts: ExportCounts }>(exportCountsSql(plan));
        counts.push(row!.counts);
      }
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          actorId: actor.id,
          action: 'export',
          entity: 'exports',
          entityId: null,
          context: {
            file,
            // The personal access token the export was made with (its id, never the secret), null
            // for a console session: with the token's own `token_used` event, who exported what.
            accessTokenId: actor.accessTokenId ?? null,
            level: parameters.level,
            from: parameters.from,
            to: parameters.to,
            query,
            rules: research && {
              embargoFrom: research.embargoFrom,
              gridMetres: research.gridMetres,
              minCellCount: research.minCellCount,
            },
            rows: Object.fromEntries(plans.map((plan, index) => [plan.resource, counts[index]])),
          },
        }),
      );
      const source = this.produce(extension, snapshot, plans, counts, parameters, query, research);
      return { filename, contentType: MEDIA_TYPES[extension], stream: this.guarded(source, snapshot) };
    } catch (error) {
      snapshot.abort(error instanceof Error ? error : undefined);
      throw error;
    }
  }

  /**
   * What `GET /api/exports/estimate` answers: the rows the same export would hold now (counted by
   * the export's own queries, after the research rules) and its approximate size in bytes, from a
   * sample of its CSV rows. Not audited: no record leaves (docs/decisions.md).
   */
  async estimate(actor: Actor, query: RawQuery): Promise<ExportEstimate> {
    assertCan(actor, 'exports.research');
    const { file: fileParameter, ...rest } = query;
    if (typeof fileParameter !== 'string' || !(EXPORT_FILES as readonly string[]).includes(fileParameter)) {
      assertNoErrors({ file: `must be one of: ${EXPORT_FILES.join(', ')}` });
    }
    const file = fileParameter as ExportFile;
    const { extension, parameters, research, plans } = this.prepare(actor, file, rest);
    const snapshot = await this.repository.openSnapshot();
    try {
      const rows: Partial<Record<ExportResource, number>> = {};
      let csvBytes = 0;
      for (const plan of plans) {
        const [row] = await snapshot.query<{ counts: ExportCounts }>(exportCountsSql(plan));
        const count = row!.counts.exported;
        rows[plan.resource] = count;
        const sample = await snapshot.csvSampleBytes(exportSelectSql(plan), ESTIMATE_SAMPLE_ROWS);
        csvBytes += sample.header + (sample.rows > 0 ? (sample.bytes / sample.rows) * count : 0);
      }
      await snapshot.close();
      const bomBytes = extension === 'csv' && parameters.delimiter === ';' ? 3 : 0;
      const factor = SIZE_FACTORS[extension];
      return {
        file,
        level: parameters.level,
        from: parameters.from,
        to: parameters.to,
        rows,
        bytes: Math.round(csvBytes * factor.perCsvByte) + factor.fixed + bomBytes,
        rules: research && {
          embargoDays: research.embargoDays,
          embargoFrom: research.embargoFrom,
          gridMetres: research.gridMetres,
          minCellCount: research.minCellCount,
        },
      };
    } catch (error) {
      snapshot.abort(error instanceof Error ? error : undefined);
      throw error;
    }
  }

  /** The checks and plans an export and its estimate share: permission, parameters, filters. */
  private prepare(actor: Actor, file: ExportFile, query: RawQuery) {
    assertCan(actor, 'exports.research');
    const [name, extension] = file.split('.') as [string, keyof typeof MEDIA_TYPES];
    const errors = Object.create(null) as Record<string, string>;
    const parameters = parseExportParameters(query, extension === 'csv', errors);
    if (errors.level) assertNoErrors({ level: errors.level });
    if (parameters.level === 'internal' && !can(actor.role, 'exports.internal')) {
      throw exportsErrors.levelForbidden();
    }
    const resources: ExportResource[] =
      name === 'datapackage' ? ['observations', 'incidents'] : [name as ExportResource];
    const research = parameters.level === 'research' ? this.researchRules() : null;
    const plans = resources.map((resource) =>
      this.plan(actor, resource, parameters, query, name === 'datapackage', research, errors),
    );
    assertNoErrors(errors);
    return { name, extension, parameters, research, plans };
  }

  /** One table's plan: the filters of the level and role, checked (errors collected). */
  private plan(
    actor: Actor,
    resource: ExportResource,
    { level, from, to }: Pick<ExportQuery, 'level' | 'from' | 'to'>,
    query: RawQuery,
    inPackage: boolean,
    research: ResearchRules | null,
    errors: Record<string, string>,
  ): ExportPlan {
    const view: ExportView = seesUnvalidated(actor) ? 'full' : 'public';
    const base = LIST_SPECS[resource][view];
    let spec = level === 'research' ? researchSpec(base, RESEARCH_FILTERS[resource]) : base;
    if (inPackage) {
      spec = { ...pick(spec, PACKAGE_FILTERS), search: undefined, geometry: undefined, deletedAt: undefined };
    }
    let filters = parseExportFilters(query, spec, errors) ?? EMPTY_FILTERS;
    const alias = resource === 'observations' ? 'o' : 'i';
    if (level === 'internal' && view === 'public') {
      // Communication: validated, live records only, as its lists (DESIGN §4).
      filters = withCondition(filters, `${alias}.status = 'validated' AND ${alias}.deleted_at IS NULL`);
    } else if (level === 'internal' && inPackage) {
      filters = withCondition(filters, `${alias}.deleted_at IS NULL`);
    }
    return { resource, level, view, from, to, filters, research };
  }

  /** The research cut of today: the embargo covers the last `embargoDays` Paris days, today included. */
  private researchRules(): ResearchRules {
    const embargoFrom = addDays(formatParisDate(new Date()), 1 - this.embargoDays);
    return {
      embargoFrom,
      embargoStart: parisDayStart(embargoFrom),
      embargoDays: this.embargoDays,
      gridMetres: this.gridMetres,
      minCellCount: this.minCellCount,
    };
  }

  private produce(
    extension: keyof typeof MEDIA_TYPES,
    snapshot: ExportSnapshot,
    plans: ExportPlan[],
    counts: ExportCounts[],
    parameters: { level: ExportLevel; from: string; to: string; delimiter: ',' | ';' },
    query: RawQuery,
    research: ResearchRules | null,
  ): Readable {
    const plan = plans[0]!;
    switch (extension) {
      case 'csv': {
        // A UTF-8 byte order mark for spreadsheet software (the `;` variant), none for R and Python.
        return snapshot.copyCsv(exportSelectSql(plan), parameters.delimiter, {
          bom: parameters.delimiter === ';',
        });
      }
      case 'geojson':
        // Raw values: GeoJSON is read by programs, never as a spreadsheet.
        return geojsonStream(planColumns(plan), snapshot.rows(exportSelectSql(plan, 'values')));
      case 'xlsx':
        return xlsxStream(planColumns(plan), snapshot.rows(exportSelectSql(plan, 'values')), (error) =>
          snapshot.abort(error),
        );
      case 'zip':
        return this.datapackage(snapshot, plans, counts, parameters, query, research);
    }
  }

  private datapackage(
    snapshot: ExportSnapshot,
    plans: ExportPlan[],
    counts: ExportCounts[],
    parameters: { level: ExportLevel; from: string; to: string },
    query: RawQuery,
    research: ResearchRules | null,
  ): Readable {
    const context: PackageContext = {
      level: parameters.level,
      from: parameters.from,
      to: parameters.to,
      filters: Object.fromEntries(
        PACKAGE_FILTERS.filter((key) => typeof query[key] === 'string').map((key) => [
          key,
          query[key] as string,
        ]),
      ),
      created: new Date(),
      publisher: this.publisher,
      license: this.license,
      research,
      tables: plans.map((plan, index) => ({
        resource: plan.resource,
        columns: planColumns(plan),
        counts: counts[index]!,
      })),
    };
    const zip = new ZipFile();
    // yazl's output is a PassThrough; its types only say "a readable stream".
    const output = zip.outputStream as Readable;
    zip.on('error', (error: Error) => output.destroy(error));
    const mtime = context.created;
    zip.addBuffer(
      Buffer.from(`${JSON.stringify(datapackageDescriptor(context), null, 2)}\n`),
      'datapackage.json',
      { mtime },
    );
    zip.addBuffer(Buffer.from(packageReadme(context)), 'README.md', { mtime });
    zip.addBuffer(Buffer.from(packageLicense(context)), 'LICENSE', { mtime });
    for (const plan of plans) {
      // Lazily: one COPY at a time on the snapshot's connection, in the order of the archive.
      zip.addReadStreamLazy(csvPath(plan.resource), { mtime }, (callback) => {
        const copy = snapshot.copyCsv(exportSelectSql(plan), ',');
        // yazl does not listen to its entries' errors: a failed COPY fails the archive.
        copy.on('error', (error: Error) => output.destroy(error));
        callback(null, copy);
      });
    }
    zip.end();
    return output;
  }

  /**
   * The bytes as the reply reads them: when they have all been read the snapshot commits; when the
   * client goes away (the reply destroys the stream) or anything fails, the connection is dropped,
   * ending the COPY or cursor on the server.
   */
  private guarded(source: Readable, snapshot: ExportSnapshot): Readable {
    const out = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        callback(null, chunk);
      },
    });
    pipeline(source, out, (error) => {
      if (error) snapshot.abort(error);
      else void snapshot.close();
    });
    return out;
  }
}
