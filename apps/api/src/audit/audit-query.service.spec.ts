import type { Role } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import { AuditQueryService, diffForRole } from './audit-query.service';
import type { AuditRepository, HistoryEntity, HistoryEntry, Viewer } from './audit.repository';
import { MASKED } from './audit.service';

const INCIDENT_DIFF = {
  testimony: { before: null, after: MASKED },
  victimCount: { before: 1, after: 2 },
};

function actor(role: Role): Actor {
  return {
    id: '0b6f3c1e-2d4a-4f5b-8c7d-9e0f1a2b3c4d',
    email: `${role}@vigie.test`,
    name: role,
    role,
    sessionId: 's-1',
    ip: '127.0.0.1',
  };
}

/** A repository that answers from memory and remembers what it was asked. */
class FakeRepository {
  visibleAsked: { entity: HistoryEntity; id: string; seesUnvalidated: boolean }[] = [];
  historyAsked = 0;

  constructor(
    private readonly visible: boolean,
    private readonly entries: HistoryEntry[] = [],
  ) {}

  async isVisible(entity: HistoryEntity, id: string, viewer: Viewer): Promise<boolean> {
    this.visibleAsked.push({ entity, id, seesUnvalidated: viewer.seesUnvalidated });
    return this.visible;
  }

  async history(
    _entity: HistoryEntity,
    _id: string,
    _query: ParsedListQuery,
  ): Promise<ListResult<HistoryEntry>> {
    this.historyAsked += 1;
    return { rows: this.entries, total: this.entries.length };
  }
}

function service(repository: FakeRepository): AuditQueryService {
  return new AuditQueryService(repository as unknown as AuditRepository);
}

async function failure(operation: () => Promise<unknown>): Promise<DomainError> {
  try {
    await operation();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the operation to fail');
}

describe(diffForRole.name, () => {
  it.each<Role>(['coordinator', 'observer', 'communication', 'researcher'])(
    'drops restricted fields, even masked, for %s',
    (role) => {
      expect(diffForRole('incidents', INCIDENT_DIFF, role)).toEqual({ victimCount: { before: 1, after: 2 } });
    },
  );

  it.each<Role>(['admin', 'legal'])('keeps them for %s, who may read them', (role) => {
    expect(diffForRole('incidents', INCIDENT_DIFF, role)).toEqual(INCIDENT_DIFF);
  });

  it('leaves entities without restricted fields, and empty diffs, as they are', () => {
    expect(
      diffForRole('observations', { description: { before: 'a', after: 'b' } }, 'communication'),
    ).toEqual({
      description: { before: 'a', after: 'b' },
    });
    expect(diffForRole('incidents', null, 'communication')).toBeNull();
  });
});

describe(AuditQueryService.name, () => {
  describe('history', () => {
    it('asks whether the record is visible to a role that sees only validated observations', async () => {
      const repository = new FakeRepository(true);

      await service(repository).history(actor('communication'), 'observations', 'id-1', {});

      expect(repository.visibleAsked).toEqual([
        { entity: 'observations', id: 'id-1', seesUnvalidated: false },
      ]);
    });

    it('answers not found, without reading the trail, when the record is not visible', async () => {
      const repository = new FakeRepository(false);

      const error = await failure(() => service(repository).history(actor('admin'), 'sites', 'id-1', {}));

      expect(error.kind).toBe('not_found');
      expect(repository.historyAsked).toBe(0);
    });

    it.each<[Role, HistoryEntity]>([
      ['researcher', 'observations'],
      ['researcher', 'sites'],
      ['coordinator', 'users'],
      ['legal', 'users'],
    ])('refuses %s the history of %s before any look-up', async (role, entity) => {
      const repository = new FakeRepository(true);

      const error = await failure(() => service(repository).history(actor(role), entity, 'id-1', {}));

      expect(error.kind).toBe('forbidden');
      expect(repository.visibleAsked).toEqual([]);
    });

    it('refuses a query it does not understand (400)', async () => {
      const error = await failure(() =>
        service(new FakeRepository(true)).history(actor('admin'), 'sites', 'id-1', { status: 'draft' }),
      );

      expect(error.kind).toBe('invalid');
      expect(error.details.errors).toHaveProperty('status');
    });
  });

  describe('list and verify', () => {
    it.each<Role>(['coordinator', 'observer', 'legal', 'communication', 'researcher'])(
      'are refused to %s',
      async (role) => {
        const audit = service(new FakeRepository(true));

        expect((await failure(() => audit.list(actor(role), {}))).kind).toBe('forbidden');
        expect((await failure(() => audit.verify(actor(role)))).kind).toBe('forbidden');
      },
    );
  });
});
