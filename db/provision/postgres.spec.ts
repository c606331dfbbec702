import { describe, expect, it } from 'vitest';

import {
  highestPostgresMajor,
  localServerUrl,
  parsePort,
  postmasterPort,
  privateClusterConf,
  privateClusterPaths,
  probeUsers,
  unixSocketDirectories,
} from './postgres.mts';

describe('highestPostgresMajor', () => {
  it('picks the highest numeric major, not the last in text order', () => {
    expect(highestPostgresMajor(['9', '15', '13'])).toBe(15);
  });

  it('ignores entries that are not majors', () => {
    expect(highestPostgresMajor(['lib', '15', '16beta'])).toBe(15);
  });

  it('skips majors that have only client binaries', () => {
    expect(highestPostgresMajor(['15', '16'], (major) => major === 15)).toBe(15);
  });

  it('finds nothing in an empty directory', () => {
    expect(highestPostgresMajor([])).toBeUndefined();
  });
});

describe('parsePort', () => {
  it('falls back to the default when the variable is unset or blank', () => {
    expect(parsePort(undefined, 5433, 'VIGIE_PG_PORT')).toBe(5433);
    expect(parsePort(' ', 5433, 'VIGIE_PG_PORT')).toBe(5433);
  });

  it('reads a valid port', () => {
    expect(parsePort('5439', 5433, 'VIGIE_PG_PORT')).toBe(5439);
  });

  it.each(['0', '65536', 'abc', '54.3'])('refuses %j naming the variable', (value) => {
    expect(() => parsePort(value, 5433, 'VIGIE_PG_PORT')).toThrow(/VIGIE_PG_PORT/);
  });
});

describe('privateClusterPaths', () => {
  it('keeps everything under .data of the project', () => {
    expect(privateClusterPaths('/srv/vigie')).toEqual({
      dataRoot: '/srv/vigie/.data',
      dataDir: '/srv/vigie/.data/postgres',
      socketDir: '/srv/vigie/.data/run',
      logFile: '/srv/vigie/.data/postgres.log',
      confFile: '/srv/vigie/.data/postgres/vigie.conf',
    });
  });
});

describe('unixSocketDirectories', () => {
  it('uses the socket directory when the socket path fits', () => {
    expect(unixSocketDirectories('/srv/vigie/.data/run', 5433)).toBe('/srv/vigie/.data/run');
  });

  it('goes without a socket when the path would exceed the kernel limit', () => {
    expect(unixSocketDirectories(`/${'d'.repeat(100)}/.data/run`, 5433)).toBe('');
  });
});

describe('privateClusterConf', () => {
  it('listens on loopback only, on the chosen port', () => {
    const conf = privateClusterConf(5439, '/srv/vigie/.data/run');
    expect(conf).toContain("listen_addresses = '127.0.0.1'");
    expect(conf).toContain('port = 5439');
    expect(conf).toContain("unix_socket_directories = '/srv/vigie/.data/run'");
  });

  it('escapes quotes in the socket directory', () => {
    expect(privateClusterConf(5433, "/home/o'brien/.data/run")).toContain(
      "unix_socket_directories = '/home/o''brien/.data/run'",
    );
  });
});

describe('postmasterPort', () => {
  it('reads the port from the fourth line of postmaster.pid', () => {
    const pidFile =
      '4242\n/srv/vigie/.data/postgres\n1763818258\n5439\n/srv/vigie/.data/run\n127.0.0.1\n  0 1\nready\n';
    expect(postmasterPort(pidFile)).toBe(5439);
  });

  it('finds nothing in a truncated file', () => {
    expect(postmasterPort('4242\n')).toBeUndefined();
  });
});

describe('probeUsers', () => {
  it('tries postgres first, then the OS user', () => {
    expect(probeUsers('alice')).toEqual(['postgres', 'alice']);
  });

  it('tries postgres once when it is the OS user', () => {
    expect(probeUsers('postgres')).toEqual(['postgres']);
  });
});

describe('localServerUrl', () => {
  it('encodes a user name that is not URL-safe', () => {
    expect(localServerUrl(5432, 'jean dupont')).toBe('postgres://jean%20dupont@127.0.0.1:5432/postgres');
  });
});
