import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_FORMAT,
  hashAccessToken,
  looksLikeAccessToken,
  newAccessToken,
  normaliseScopes,
  resolveExpiry,
  scopesBeyondRole,
  secondsUntilWindowEnds,
  visiblePrefix,
} from './access-token';
import { newSessionToken } from '../session-token';

describe('access tokens', () => {
  describe(newAccessToken.name, () => {
    it('makes a vgt_ token of 256 random bits, stored as its SHA-256, named by its first characters', () => {
      const { token, tokenHash, prefix } = newAccessToken();
      expect(token).toMatch(ACCESS_TOKEN_FORMAT);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
      expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(prefix).toBe(token.slice(0, 12));
      expect(visiblePrefix(token)).toBe(prefix);
    });

    it('never makes the same token twice', () => {
      const tokens = new Set(Array.from({ length: 200 }, () => newAccessToken().token));
      expect(tokens.size).toBe(200);
    });

    it('hashes the same token the same way, and another one differently', () => {
      const { token } = newAccessToken();
      expect(hashAccessToken(token)).toBe(hashAccessToken(token));
      expect(hashAccessToken(`${token.slice(0, -1)}x`)).not.toBe(hashAccessToken(token));
    });
  });

  describe(looksLikeAccessToken.name, () => {
    it('tells an access token from a session token', () => {
      expect(looksLikeAccessToken(newAccessToken().token)).toBe(true);
      for (let i = 0; i < 100; i += 1) expect(looksLikeAccessToken(newSessionToken().token)).toBe(false);
    });
  });

  describe(resolveExpiry.name, () => {
    const now = new Date('2026-12-06T12:00:00Z');

    it('reads a Paris local date as "valid through that day"', () => {
      expect(resolveExpiry('2027-06-30', 365, now)).toEqual({ expiresAt: new Date('2027-06-30T22:00:00Z') });
      expect(resolveExpiry('2027-01-15', 365, now)).toEqual({ expiresAt: new Date('2027-01-15T23:00:00Z') });
    });

    it('takes a timestamp with its offset as it is', () => {
      expect(resolveExpiry('2027-01-01T08:00:00+01:00', 365, now)).toEqual({
        expiresAt: new Date('2027-01-01T07:00:00Z'),
      });
    });

    it('refuses a past, present or too distant expiry, and anything but a date', () => {
      expect(resolveExpiry('2026-12-05', 365, now)).toEqual({ error: 'must be in the future' });
      expect(resolveExpiry('2026-12-06T12:00:00Z', 365, now)).toEqual({ error: 'must be in the future' });
      expect(resolveExpiry('2027-12-07', 365, now)).toEqual({ error: 'must be at most 365 days from now' });
      expect(resolveExpiry('2027-01-10', 30, now)).toEqual({ error: 'must be at most 30 days from now' });
      for (const bad of ['2027-02-30', '2027-01-01T08:00:00', 'tomorrow', '', 42, null]) {
        expect(resolveExpiry(bad, 365, now)).toEqual({
          error: 'must be a date (YYYY-MM-DD) or a timestamp with its offset',
        });
      }
    });
  });

  describe(scopesBeyondRole.name, () => {
    it('lets a role hold the scopes it may use, and no other', () => {
      expect(scopesBeyondRole('researcher', ['exports', 'stats'])).toEqual([]);
      expect(scopesBeyondRole('observer', ['stats'])).toEqual([]);
      expect(scopesBeyondRole('observer', ['exports', 'stats'])).toEqual(['exports']);
    });

    it('orders the scopes and keeps each once', () => {
      expect(normaliseScopes(['stats', 'exports', 'stats'])).toEqual(['exports', 'stats']);
    });
  });

  describe(secondsUntilWindowEnds.name, () => {
    it('says how long until the one-minute window ends, at least one second', () => {
      const start = new Date('2026-12-06T12:00:00Z');
      expect(secondsUntilWindowEnds(start, new Date('2026-12-06T12:00:15Z'))).toBe(45);
      expect(secondsUntilWindowEnds(start, new Date('2026-12-06T12:00:59.500Z'))).toBe(1);
      expect(secondsUntilWindowEnds(start, new Date('2026-12-06T12:01:30Z'))).toBe(1);
    });
  });
});
