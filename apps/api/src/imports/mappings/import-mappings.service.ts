import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImportKind, ImportMappingRecord, ImportMappingSpec } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, diffRecords } from '../../audit/audit.service';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { DomainError } from '../../common/domain-error';
import { isUniqueViolation } from '../../common/database-errors';
import { recordErrors } from '../../common/record-errors';
import { mappingErrors } from '../mapping';
import { importErrors } from '../imports.errors';
import { headerKeyOf } from '../imports.service';
import type { CreateImportMappingDto, UpdateImportMappingDto } from './import-mapping-input.dto';

const MAPPING_JSON = `json_build_object('id', m.id, 'name', m.name, 'kind', m.kind, 'columns', to_json(m.columns),
  'mapping', m.mapping, 'createdAt', m.created_at, 'updatedAt', m.updated_at, 'createdBy', m.created_by,
  'updatedBy', m.updated_by, 'version', m.version)`;
const ENTITY = 'import_mappings';
const LABEL = 'Import mapping';

const nameTaken = (name: string) =>
  new DomainError('conflict', 'import_mapping_name_taken', `A mapping named "${name}" already exists`, {
    errors: { name: 'is already used by another mapping of this kind' },
  });

/** Mappings saved by name (`/api/import-mappings`), offered again for a file with the same headers. */
@Injectable()
export class ImportMappingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, kind: string | undefined): Promise<ImportMappingRecord[]> {
    assertCan(actor, 'imports.manage');
    const rows: { record: ImportMappingRecord }[] = await this.dataSource.query(
      `SELECT ${MAPPING_JSON} AS record FROM import_mappings m
        WHERE ($1::text IS NULL OR m.kind = $1) ORDER BY m.name`,
      [kind ?? null],
    );
    return rows.map(({ record }) => record);
  }

  async get(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ImportMappingRecord> {
    assertCan(actor, 'imports.manage');
    const rows: { record: ImportMappingRecord }[] = await manager.query(
      `SELECT ${MAPPING_JSON} AS record FROM import_mappings m WHERE m.id = $1`,
      [id],
    );
    if (!rows[0]) throw recordErrors.notFound(LABEL, id);
    return rows[0].record;
  }

  async create(actor: Actor, dto: CreateImportMappingDto): Promise<ImportMappingRecord> {
    assertCan(actor, 'imports.manage');
    const mapping = checkedMapping(dto.kind, dto.columns, dto.mapping);
    return this.write(async (manager) => {
      const [row] = (await manager.query(
        `INSERT INTO import_mappings (name, kind, columns, header_key, mapping, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
        [dto.name, dto.kind, dto.columns, headerKeyOf(dto.columns), JSON.stringify(mapping), actor.id],
      )) as { id: string }[];
      const record = await this.get(actor, (row as { id: string }).id, manager);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'create',
        entity: ENTITY,
        entityId: record.id,
        diff: diffRecords(ENTITY, null, record as never),
        context: { ip: actor.ip },
      });
      return record;
    }, dto.name);
  }

  async update(actor: Actor, id: string, dto: UpdateImportMappingDto): Promise<ImportMappingRecord> {
    assertCan(actor, 'imports.manage');
    return this.write(async (manager) => {
      const locked = (await manager.query(`SELECT id FROM import_mappings WHERE id = $1 FOR UPDATE`, [
        id,
      ])) as unknown[];
      if (locked.length === 0) throw recordErrors.notFound(LABEL, id);
      const before = await this.get(actor, id, manager);
      if (before.version !== dto.version) throw recordErrors.staleVersion(LABEL, before);
      const mapping = checkedMapping(before.kind, before.columns, dto.mapping);
      await manager.query(
        `UPDATE import_mappings SET name = $2, mapping = $3, updated_by = $4, updated_at = now(), version = version + 1
          WHERE id = $1`,
        [id, dto.name, JSON.stringify(mapping), actor.id],
      );
      const after = await this.get(actor, id, manager);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'update',
        entity: ENTITY,
        entityId: id,
        diff: diffRecords(ENTITY, before as never, after as never),
        context: { ip: actor.ip },
      });
      return after;
    }, dto.name);
  }

  /** Deleted for good (a mapping is a tool, not a record); refused while a KoboToolbox feed uses it. */
  async remove(actor: Actor, id: string): Promise<ImportMappingRecord> {
    assertCan(actor, 'imports.manage');
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(actor, id, manager);
      const feeds = (await manager.query(
        `SELECT name FROM kobo_feeds WHERE mapping_id = $1 AND revoked_at IS NULL`,
        [id],
      )) as { name: string }[];
      if (feeds.length > 0) {
        throw new DomainError(
          'conflict',
          'import_mapping_in_use',
          `This mapping feeds the KoboToolbox feed${feeds.length === 1 ? '' : 's'} ${feeds.map((feed) => `"${feed.name}"`).join(', ')}: revoke ${feeds.length === 1 ? 'it' : 'them'} first`,
        );
      }
      // Imports keep their own copy of the mapping; revoked feeds lose the link (ON DELETE SET NULL).
      await manager.query(`DELETE FROM import_mappings WHERE id = $1`, [id]);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'delete',
        entity: ENTITY,
        entityId: id,
        diff: diffRecords(ENTITY, before as never, null),
        context: { ip: actor.ip },
      });
      return before;
    });
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>, name: string): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'import_mappings_kind_name_key')) throw nameTaken(name);
      throw error;
    }
  }
}

function checkedMapping(
  kind: ImportKind,
  columns: string[],
  dto: CreateImportMappingDto['mapping'],
): ImportMappingSpec {
  const mapping: ImportMappingSpec = {
    columns: dto.columns,
    values: dto.values ?? {},
    timezone: dto.timezone ?? 'Europe/Paris',
    dateFormat: dto.dateFormat ?? null,
    sourceIdColumn: dto.sourceIdColumn ?? null,
    defaults: dto.defaults ?? {},
  };
  const errors = mappingErrors(kind, columns, mapping);
  if (Object.keys(errors).length > 0) {
    throw importErrors.invalidMapping(
      Object.fromEntries(Object.entries(errors).map(([key, value]) => [`mapping.${key}`, String(value)])),
    );
  }
  return mapping;
}
