import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { Reflector } from '@nestjs/core';
import { of } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../auth/actor';
import { DomainError } from './domain-error';
import {
  AcceptsReadOnlyEcho,
  readOnlyFields,
  ReadOnlyEchoInterceptor,
  type RecordReader,
  sameValue,
  sortReadOnlyEcho,
} from './read-only-fields';

const FIELDS = readOnlyFields(
  ['status', 'area', 'createdAt', 'possibleDuplicateIds'],
  ['possibleDuplicateIds'],
);

const STORED = {
  id: '0b5c3a52-1f4e-4d7b-9a51-8e0f6c2d7a10',
  version: 3,
  kind: 'eviction',
  status: 'draft',
  area: 'calaisis',
  createdAt: '2025-03-04T06:30:00.000Z',
  location: { type: 'Point', coordinates: [1.8587, 50.9513] },
  possibleDuplicateIds: ['6d1f0e9a-3c2b-4a8e-b7d5-2f9c1e4a6b30'],
};

describe(readOnlyFields.name, () => {
  it('keeps the reflected fields apart from the owned ones', () => {
    expect(FIELDS).toEqual({
      owned: ['status', 'area', 'createdAt'],
      reflected: ['possibleDuplicateIds'],
    });
  });
});

describe(sortReadOnlyEcho.name, () => {
  it('drops read-only fields sent back as read and keeps the rest of the body', () => {
    const { body, changed } = sortReadOnlyEcho({ ...STORED, kind: 'dispersal' }, STORED, FIELDS);

    expect(changed).toEqual([]);
    expect(body).toEqual({
      id: STORED.id,
      version: 3,
      kind: 'dispersal',
      location: STORED.location,
    });
  });

  it('names each owned field whose value differs', () => {
    const { changed } = sortReadOnlyEcho({ ...STORED, status: 'validated', area: null }, STORED, FIELDS);

    expect(changed).toEqual(['status', 'area']);
  });

  it('drops reflected fields whatever their value: other records move them without a version', () => {
    const { body, changed } = sortReadOnlyEcho({ ...STORED, possibleDuplicateIds: [] }, STORED, FIELDS);

    expect(changed).toEqual([]);
    expect(body).not.toHaveProperty('possibleDuplicateIds');
  });

  it('leaves a field the caller does not read in the body, to be refused as unknown', () => {
    const withheld = { ...STORED } as Record<string, unknown>;
    delete withheld.area;

    const { body, changed } = sortReadOnlyEcho({ ...STORED, area: 'littoral' }, withheld, FIELDS);

    expect(changed).toEqual([]);
    expect(body).toHaveProperty('area', 'littoral');
  });

  it('does not check owned fields read at another version: the update answers 409', () => {
    const { body, changed } = sortReadOnlyEcho(
      { ...STORED, version: 2, status: 'submitted' },
      STORED,
      FIELDS,
    );

    expect(changed).toEqual([]);
    expect(body).not.toHaveProperty('status');
    expect(body).toHaveProperty('version', 2);
  });
});

describe(sameValue.name, () => {
  it('compares timestamps as instants, whatever the offset they are written with', () => {
    expect(sameValue('2025-03-04T07:30:00+01:00', '2025-03-04T06:30:00.000Z')).toBe(true);
    expect(sameValue('2025-03-04T07:30:00+02:00', '2025-03-04T06:30:00.000Z')).toBe(false);
    expect(sameValue(new Date('2025-03-04T06:30:00Z'), '2025-03-04T06:30:00.000Z')).toBe(true);
  });

  it('ignores the order of object keys but not the order of array items', () => {
    expect(sameValue({ type: 'Point', coordinates: [1, 2] }, { coordinates: [1, 2], type: 'Point' })).toBe(
      true,
    );
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });

  it('tells null, false, 0 and an empty text apart', () => {
    expect(sameValue(null, false)).toBe(false);
    expect(sameValue(0, '')).toBe(false);
    expect(sameValue(null, null)).toBe(true);
  });
});

describe(ReadOnlyEchoInterceptor.name, () => {
  const ACTOR = { id: 'actor', role: 'coordinator' } as Actor;

  class FakeService implements RecordReader {
    get = vi.fn(async (_actor: Actor, ..._ids: string[]): Promise<object> => STORED);
  }

  class FakeController {
    @AcceptsReadOnlyEcho(FIELDS, FakeService)
    replace(): void {}

    @AcceptsReadOnlyEcho(FIELDS, FakeService, ['caseId', 'id'])
    patchPart(): void {}

    undecorated(): void {}
  }

  function setUp(handler: 'replace' | 'patchPart' | 'undecorated', request: Record<string, unknown>) {
    const service = new FakeService();
    const moduleRef = { get: vi.fn(() => service) } as unknown as ModuleRef;
    const interceptor = new ReadOnlyEchoInterceptor(new Reflector(), moduleRef);
    const context = {
      getHandler: () => FakeController.prototype[handler],
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    const next: CallHandler = { handle: vi.fn(() => of('handled')) };
    return { service, run: () => interceptor.intercept(context, next), next };
  }

  it('reads the record as the caller and hands the handler the body without the echoed fields', async () => {
    const request = { actor: ACTOR, params: { id: STORED.id }, body: { ...STORED, kind: 'dispersal' } };
    const { service, run, next } = setUp('replace', request);

    await run();

    expect(service.get).toHaveBeenCalledWith(ACTOR, STORED.id);
    expect(next.handle).toHaveBeenCalled();
    expect(request.body).toEqual({ id: STORED.id, version: 3, kind: 'dispersal', location: STORED.location });
  });

  it('refuses a changed owned field with read_only_field before the handler runs', async () => {
    const request = { actor: ACTOR, params: { id: STORED.id }, body: { ...STORED, status: 'validated' } };
    const { run, next } = setUp('replace', request);

    const error = await run().catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'invalid',
      code: 'read_only_field',
      details: { errors: { status: expect.any(String) } },
    });
    expect(next.handle).not.toHaveBeenCalled();
  });

  it('does not read the record when the body carries no read-only field', async () => {
    const request = { actor: ACTOR, params: { id: STORED.id }, body: { kind: 'dispersal', version: 3 } };
    const { service, run, next } = setUp('replace', request);

    await run();

    expect(service.get).not.toHaveBeenCalled();
    expect(next.handle).toHaveBeenCalled();
  });

  it('reads a part of a case under its case: the route names which parameters the reader takes', async () => {
    const caseId = '9a7e2c14-5b3d-4f61-8c2a-0d4e6f8b1a23';
    const request = {
      actor: ACTOR,
      params: { caseId, id: STORED.id },
      body: { ...STORED, kind: 'dispersal' },
    };
    const { service, run } = setUp('patchPart', request);

    await run();

    expect(service.get).toHaveBeenCalledWith(ACTOR, caseId, STORED.id);
    expect(request.body).toEqual({ id: STORED.id, version: 3, kind: 'dispersal', location: STORED.location });
  });

  it('leaves the body to the validation when one of the ids is not a UUID', async () => {
    const request = {
      actor: ACTOR,
      params: { caseId: 'not-a-uuid', id: STORED.id },
      body: { ...STORED, status: 'validated' },
    };
    const { service, run } = setUp('patchPart', request);

    await run();

    expect(service.get).not.toHaveBeenCalled();
    expect(request.body).toHaveProperty('status', 'validated');
  });

  it('leaves the body to the validation when the id is not a UUID or the route is not marked', async () => {
    for (const [handler, id] of [
      ['replace', 'not-a-uuid'],
      ['undecorated', STORED.id],
    ] as const) {
      const request = { actor: ACTOR, params: { id }, body: { ...STORED, status: 'validated' } };
      const { service, run } = setUp(handler, request);

      await run();

      expect(service.get).not.toHaveBeenCalled();
      expect(request.body).toHaveProperty('status', 'validated');
    }
  });
});
