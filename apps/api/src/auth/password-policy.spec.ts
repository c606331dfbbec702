import { PASSWORD_MIN_LENGTH } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-error';
import { COMMON_PASSWORDS } from './common-passwords';
import { assertPasswordAllowed, PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy';

const OWNER = { email: 'Marie.Dupont@example.org', name: 'Marie Dupont' };

describe(passwordProblem.name, () => {
  describe('length', () => {
    it('refuses fewer than 12 characters', () => {
      expect(passwordProblem('k7#Vq2!mZp9')).toBe(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
    });

    it('accepts exactly 12 characters', () => {
      expect(passwordProblem('k7#Vq2!mZp9w')).toBeNull();
    });

    it('counts Unicode code points, not UTF-16 units', () => {
      // Six emoji are twelve UTF-16 units but six characters.
      expect(passwordProblem('🦊🐙🌵🚲🎻🧭')).toBe('must be at least 12 characters');
      expect(passwordProblem('🦊🐙🌵🚲🎻🧭🦊🐙🌵🚲🎻🪁')).toBeNull();
    });

    it('refuses more than 1024 characters and accepts 1024', () => {
      const words = 'fjord quartz vexing nymph blitz ';
      const long = words.repeat(40).slice(0, PASSWORD_MAX_LENGTH);
      expect(passwordProblem(long)).toBeNull();
      expect(passwordProblem(`${long}x`)).toBe('must be at most 1024 characters');
    });
  });

  describe('common passwords', () => {
    it('ships about ten thousand lowercase entries', () => {
      expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(9_000);
      expect(COMMON_PASSWORDS.size).toBeLessThanOrEqual(11_000);
      for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
    });

    it.each([
      'password123456',
      'azertyuiop12',
      'motdepasse123',
      'qwertyuiop123',
      '123456789012',
      'aaaaaaaaaaaa',
      '1q2w3e4r5t6y',
      'iloveyou2024',
      'soleil2025!!',
      'vigievigievigie',
      'Vigie2026!!!',
      'calais62100!',
    ])('refuses %s', (password) => {
      expect(passwordProblem(password)).toBe('is too common');
    });

    it.each([
      ['case changes', 'PassWord2024!'],
      ['digits and punctuation around a common word', '!!Password1234567!!'],
      ['digits in front', '2024motdepasse'],
      ['letter-for-digit swaps', 'P@ssw0rd2024!'],
      ['separators between words', 'i love you 1234'],
      ['full-width letters', 'ＰＡＳＳＷＯＲＤ１２３４'],
      ['a common word doubled', 'MonkeyMonkey'],
    ])('refuses a common password under %s', (_case, password) => {
      expect(passwordProblem(password)).toBe('is too common');
    });

    it('accepts a common word inside a longer passphrase', () => {
      expect(passwordProblem('password of the lighthouse keeper')).toBeNull();
      expect(passwordProblem('soleil-couchant-sur-gravelines')).toBeNull();
    });
  });

  describe('personal words', () => {
    it.each([
      ['the email', 'marie.dupont@example.org'],
      ['the email in capitals', 'MARIE.DUPONT@EXAMPLE.ORG'],
      ['the name', 'marie dupont'],
      ['the name joined, with digits', 'MarieDupont2024!'],
      ['the local part of the email', 'marie.dupont1234'],
    ])('refuses %s', (_case, password) => {
      expect(passwordProblem(password, OWNER)).toBe('must not be your email address or name');
    });

    it('accepts a password that merely contains the name among other words', () => {
      expect(passwordProblem('marie dupont walks to the harbour', OWNER)).toBeNull();
    });
  });

  it('refuses a password of too few different characters', () => {
    expect(passwordProblem('xyzxyzxyzxyzxyz')).toBe('is too predictable: use more different characters');
  });

  it('accepts a random password and a passphrase', () => {
    expect(passwordProblem('t9$Lq!vB2#xe', OWNER)).toBeNull();
    expect(passwordProblem('correct horse battery staple', OWNER)).toBeNull();
  });
});

describe(assertPasswordAllowed.name, () => {
  it('throws an invalid DomainError naming the field', () => {
    let error: unknown;
    try {
      assertPasswordAllowed('short', {}, 'newPassword');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'invalid',
      message: 'The password must be at least 12 characters',
      details: { errors: { newPassword: 'must be at least 12 characters' } },
    });
  });

  it('returns quietly for an acceptable password', () => {
    expect(() => assertPasswordAllowed('t9$Lq!vB2#xe')).not.toThrow();
  });
});
