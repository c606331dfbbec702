import { PASSWORD_MIN_LENGTH } from '@vigie/domain';
import { DomainError } from '../common/domain-error';
import { COMMON_PASSWORDS } from './common-passwords';

/** Longer inputs only cost hashing time; no one types more. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Fewer distinct characters than this ("aaaaaaaaaaaa", "abababababab") is no secret at all. */
const MIN_DISTINCT_CHARACTERS = 4;

export enum PasswordErrorCode {
  Rejected = 'password_rejected',
}

/** Whose password it is: a password equal to their own email or name is the first thing tried. */
export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

/** Digits, punctuation, symbols and spaces around a word: `Password2025!` is `password` plus noise. */
const AFFIXES = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu;
/** What people put between words: `i love you` and `i-love-you` are `iloveyou`. */
const SEPARATORS = /[\s._\-+]+/gu;

/** Letter-for-digit swaps (`p@ssw0rd`); `1` reads as `i` or `l`, so both are tried. */
const LEET_I: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '€': 'e',
};
const LEET_L: Readonly<Record<string, string>> = { ...LEET_I, '1': 'l', '!': 'l' };

function undoLeet(text: string, table: Readonly<Record<string, string>>): string {
  return [...text].map((char) => table[char] ?? char).join('');
}

/** `vigievigievigie` → `vigie`: repeating a word does not make it harder to guess. */
function repeatedUnit(text: string): string | null {
  const characters = [...text];
  for (let size = 1; size <= characters.length / 2; size += 1) {
    if (characters.length % size !== 0) continue;
    const unit = characters.slice(0, size).join('');
    if (unit.repeat(characters.length / size) === text) return unit;
  }
  return null;
}

function stripAffixes(text: string): string {
  return text.replace(AFFIXES, '');
}

/** Case- and width-insensitive form: `ＰＡＳＳＷＯＲＤ` and `Password` compare equal. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The forms of a password an attacker's list would hold: as typed, without separators, without
 * digit/punctuation affixes, with letter-for-digit swaps undone, and a repeated word once.
 */
function guessableForms(password: string): Set<string> {
  const folded = fold(password);
  const forms = new Set<string>();
  for (const base of [folded, folded.replace(SEPARATORS, '')]) {
    const core = stripAffixes(base);
    forms.add(base);
    if (core !== '') forms.add(core);
    for (const table of [LEET_I, LEET_L]) {
      if (core !== '') forms.add(undoLeet(core, table));
      const swapped = stripAffixes(undoLeet(base, table));
      if (swapped !== '') forms.add(swapped);
    }
  }
  for (const form of [...forms]) {
    const unit = repeatedUnit(form);
    if (unit !== null) forms.add(unit);
  }
  return forms;
}

/** The owner's email, its local part and name, folded; too-short parts are ignored. */
function personalWords(owner: PasswordOwner): string[] {
  const words: string[] = [];
  if (owner.email) {
    const email = fold(owner.email.trim());
    const local = email.split('@')[0] ?? '';
    words.push(email, local, local.replace(SEPARATORS, ''));
  }
  if (owner.name) {
    const name = fold(owner.name.trim());
    words.push(name, name.replace(SEPARATORS, ''));
  }
  return words.filter((word) => word.length >= 3);
}

/**
 * Why a password is refused, as a message to show under the field, or null when it is acceptable.
 * Length is counted in Unicode code points, so an emoji or an accented letter counts once.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  const characters = [...password];
  if (characters.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (characters.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const forms = guessableForms(password);
  const personal = personalWords(owner);
  if (personal.some((word) => forms.has(word))) return 'must not be your email address or name';
  for (const form of forms) if (COMMON_PASSWORDS.has(form)) return 'is too common';
  if (new Set(characters.map((char) => char.toLowerCase())).size < MIN_DISTINCT_CHARACTERS) {
    return 'is too predictable: use more different characters';
  }
  return null;
}

/** Throws a 400 with `errors[field]` when the password breaks the policy. */
export function assertPasswordAllowed(password: string, owner: PasswordOwner = {}, field = 'password'): void {
  const problem = passwordProblem(password, owner);
  if (problem !== null) {
    throw new DomainError('invalid', PasswordErrorCode.Rejected, `The password ${problem}`, {
      errors: { [field]: problem },
    });
  }
}
