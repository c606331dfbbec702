import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config';
import { fastifyTrustProxy, InvalidTrustProxy, parseTrustProxy } from './trust-proxy';

const DATABASE_URL = 'postgres://vigie@127.0.0.1:5432/vigie';

describe('VIGIE_TRUST_PROXY', () => {
  describe(parseTrustProxy.name, () => {
    it.each([undefined, '', 'false', '0'])('trusts no proxy for %j', (value) => {
      expect(parseTrustProxy(value)).toBe(false);
    });

    it('reads a hop count', () => {
      expect(parseTrustProxy('1')).toBe(1);
      expect(parseTrustProxy('2')).toBe(2);
    });

    it('reads a comma-separated list of addresses and CIDR ranges, spaces allowed', () => {
      expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
      expect(parseTrustProxy('10.0.0.0/8, ::1,fd00::/8 ,loopback')).toEqual([
        '10.0.0.0/8',
        '::1',
        'fd00::/8',
        'loopback',
      ]);
    });

    it('refuses true, saying what to write instead', () => {
      const parsed = parseTrustProxy('true');

      expect(parsed).toBeInstanceOf(InvalidTrustProxy);
      expect((parsed as InvalidTrustProxy).message).toMatch(/VIGIE_TRUST_PROXY=true is refused/);
      expect((parsed as InvalidTrustProxy).message).toMatch(/VIGIE_TRUST_PROXY=127\.0\.0\.1/);
      expect((parsed as InvalidTrustProxy).message).toMatch(/VIGIE_TRUST_PROXY=1\b/);
    });

    it.each([
      'yes',
      '*',
      'proxy.example.org',
      '10.0.0.0/33',
      '::1/129',
      '10.0.0.1/8/8',
      '10.0.0.300',
      '1.2.3.4,',
    ])('refuses %j, naming the entry', (value) => {
      const parsed = parseTrustProxy(value);

      expect(parsed).toBeInstanceOf(InvalidTrustProxy);
      expect((parsed as InvalidTrustProxy).message).toMatch(/neither an address nor a CIDR range/);
    });
  });

  describe('loadConfig', () => {
    it('refuses to start with true, with the message', () => {
      expect(() => loadConfig({ DATABASE_URL, VIGIE_TRUST_PROXY: 'true' })).toThrow(
        /VIGIE_TRUST_PROXY=true is refused: it trusts every X-Forwarded-For hop/,
      );
    });

    it('refuses a value that is not an address, a range nor a count', () => {
      expect(() => loadConfig({ DATABASE_URL, VIGIE_TRUST_PROXY: 'my-proxy' })).toThrow(/"my-proxy"/);
    });

    it('trusts nobody by default, and keeps a list or a count', () => {
      expect(loadConfig({ DATABASE_URL }).VIGIE_TRUST_PROXY).toBe(false);
      expect(
        loadConfig({ DATABASE_URL, VIGIE_TRUST_PROXY: '127.0.0.1,10.1.0.0/16' }).VIGIE_TRUST_PROXY,
      ).toEqual(['127.0.0.1', '10.1.0.0/16']);
      expect(loadConfig({ DATABASE_URL, VIGIE_TRUST_PROXY: '2' }).VIGIE_TRUST_PROXY).toBe(2);
    });
  });

  describe(fastifyTrustProxy.name, () => {
    it('trusts the given number of hops nearest to the server', () => {
      const trust = fastifyTrustProxy(1) as (address: string, hop: number) => boolean;

      expect(trust('203.0.113.9', 0)).toBe(true);
      expect(trust('203.0.113.9', 1)).toBe(false);
    });
  });
});

describe('VIGIE_AUTH_RETENTION_DAYS', () => {
  it('defaults to 90 days and refuses less than one day', () => {
    expect(loadConfig({ DATABASE_URL }).VIGIE_AUTH_RETENTION_DAYS).toBe(90);
    expect(loadConfig({ DATABASE_URL, VIGIE_AUTH_RETENTION_DAYS: '30' }).VIGIE_AUTH_RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ DATABASE_URL, VIGIE_AUTH_RETENTION_DAYS: '0' })).toThrow(
      /VIGIE_AUTH_RETENTION_DAYS must be at least 1/,
    );
  });
});
