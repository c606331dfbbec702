import { describe, expect, it } from 'vitest';
import { downloadVariant, fileKind, formatBytes, givenConsents, ownerField, shortHash } from './format';

describe('formatBytes', () => {
  it('counts in binary multiples with the units of each language', () => {
    expect(formatBytes(0)).toBe('0 o');
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536)).toBe('1,5 Ko');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 Mo');
    expect(formatBytes(3.25 * 1024 ** 3, 'en')).toBe('3.3 GB');
  });

  it('shows nothing for a value that is not a size', () => {
    expect(formatBytes(-1)).toBe('');
    expect(formatBytes(Number.NaN)).toBe('');
    expect(formatBytes('12')).toBe('');
  });
});

describe('shortHash', () => {
  it('keeps the first and last eight hex digits of a SHA-256', () => {
    const sha = 'ab'.repeat(16) + 'cd'.repeat(16);
    expect(shortHash(sha)).toBe('abababab…cdcdcdcd');
  });

  it('refuses what is not a lowercase SHA-256', () => {
    expect(shortHash('abc')).toBe('');
    expect(shortHash('AB'.repeat(32))).toBe('');
    expect(shortHash(null)).toBe('');
  });
});

describe('fileKind', () => {
  it('tells images, videos, sounds and PDFs from other files by their sniffed type', () => {
    expect(fileKind('image/jpeg')).toBe('image');
    expect(fileKind('video/quicktime')).toBe('video');
    expect(fileKind('audio/ogg; codecs=opus')).toBe('audio');
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('application/zip')).toBe('other');
    expect(fileKind(undefined)).toBe('other');
  });
});

describe('givenConsents', () => {
  it('lists only the scopes explicitly agreed to, in a stable order', () => {
    expect(givenConsents({ research: true, publication: true, litigation: false })).toEqual([
      'publication',
      'research',
    ]);
    expect(givenConsents({ publication: 'yes' })).toEqual([]);
    expect(givenConsents(null)).toEqual([]);
  });
});

describe('ownerField', () => {
  it('names the form field of the owner', () => {
    expect(ownerField('observation')).toBe('observationId');
    expect(ownerField('incident')).toBe('incidentId');
    expect(ownerField('legalCase')).toBe('legalCaseId');
  });
});

describe('downloadVariant', () => {
  const copy = { sha256: 'a'.repeat(64), sizeBytes: 10, mimeType: 'image/jpeg' };
  const photo = { mimeType: 'image/jpeg', publication: copy };
  const heic = { mimeType: 'image/heic', publication: null };
  const pdf = { mimeType: 'application/pdf', publication: null };
  const cleanPdf = { mimeType: 'application/pdf', publication: { ...copy, mimeType: 'application/pdf' } };

  it('gives communication the publication copy of any file, and nothing when there is none', () => {
    expect(downloadVariant(photo, 'communication')).toBe('publication');
    expect(downloadVariant(heic, 'communication')).toBeNull();
    expect(downloadVariant(pdf, 'communication')).toBeNull();
    expect(downloadVariant(cleanPdf, 'communication')).toBe('publication');
    expect(downloadVariant({ mimeType: 'audio/mpeg', publication: null }, 'communication')).toBeNull();
    expect(downloadVariant({ mimeType: 'video/mp4', publication: copy }, 'communication')).toBe(
      'publication',
    );
  });

  it('gives the other roles the original', () => {
    for (const role of ['admin', 'coordinator', 'legal', 'observer']) {
      expect(downloadVariant(photo, role)).toBe('content');
      expect(downloadVariant(heic, role)).toBe('content');
      expect(downloadVariant(pdf, role)).toBe('content');
    }
  });
});
