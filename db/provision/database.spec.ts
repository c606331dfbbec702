import { describe, expect, it } from 'vitest';

import {
  assertDatabaseName,
  databaseUrl,
  isLocalDatabaseUrl,
  majorFromServerVersionNum,
  quoteIdentifier,
  redactUrl,
} from './database.mts';

describe('isLocalDatabaseUrl', () => {
  it.each([
    'postgres://postgres@localhost:5432/postgres',
    'postgres://postgres@127.0.0.1:5433/postgres',
    'postgres://postgres@127.0.1.1/postgres',
    'postgres://postgres@[::1]:5432/postgres',
    'postgres:///vigie?host=/var/run/postgresql',
    'socket:/var/run/postgresql?db=vigie',
  ])('treats %s as a server on this machine', (url) => {
    expect(isLocalDatabaseUrl(url)).toBe(true);
  });

  it.each([
    'postgres://vigie:secret@db.example.org:5432/vigie',
    'postgres://vigie@10.0.0.5/vigie',
    'postgres://vigie@localhost.example.org/vigie',
  ])('treats %s as a remote server', (url) => {
    expect(isLocalDatabaseUrl(url)).toBe(false);
  });

  it('lets a host parameter override the host of the URL', () => {
    expect(isLocalDatabaseUrl('postgres://ignored/vigie?host=db.example.org')).toBe(false);
  });
});

describe('databaseUrl', () => {
  it('points the same server and credentials at another database', () => {
    expect(
      databaseUrl('postgres://vigie:s3cret@127.0.0.1:5433/postgres?sslmode=disable', 'vigie_test_1'),
    ).toBe('postgres://vigie:s3cret@127.0.0.1:5433/vigie_test_1?sslmode=disable');
  });

  it('adds the database to a URL that names none', () => {
    expect(databaseUrl('postgres://postgres@127.0.0.1:5432', 'vigie')).toBe(
      'postgres://postgres@127.0.0.1:5432/vigie',
    );
  });

  it('sets the db parameter of a socket URL', () => {
    expect(databaseUrl('socket:/var/run/postgresql?db=postgres', 'vigie')).toBe(
      'socket:/var/run/postgresql?db=vigie',
    );
  });
});

describe('assertDatabaseName', () => {
  it('accepts a lower-case identifier', () => {
    expect(() => assertDatabaseName('vigie_test_20261122_ab12')).not.toThrow();
  });

  it.each(['Vigie', 'vigie-test', 'x"; DROP DATABASE postgres; --', '1vigie', '', 'a'.repeat(64)])(
    'refuses %j',
    (name) => {
      expect(() => assertDatabaseName(name)).toThrow(/Invalid database name/);
    },
  );
});

describe('quoteIdentifier', () => {
  it('doubles embedded double quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});

describe('redactUrl', () => {
  it('hides the password', () => {
    expect(redactUrl('postgres://vigie:s3cret@db.example.org/vigie')).toBe(
      'postgres://vigie:***@db.example.org/vigie',
    );
  });

  it('leaves a URL without password as it is', () => {
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });

  it('does not echo a value it cannot parse, which might hold a password', () => {
    expect(redactUrl('host=db password=s3cret')).not.toContain('s3cret');
  });
});

describe('majorFromServerVersionNum', () => {
  it('reads the major of PostgreSQL 10 and later', () => {
    expect(majorFromServerVersionNum(150020)).toBe(15);
    expect(majorFromServerVersionNum(170004)).toBe(17);
  });

  it('refuses versions older than 10', () => {
    expect(() => majorFromServerVersionNum(90624)).toThrow(/version 10 or later/);
  });
});
