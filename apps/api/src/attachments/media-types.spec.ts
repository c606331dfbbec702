import { describe, expect, it } from 'vitest';
import { declaredTypeMatches, extensionOf, isAllowedType, isImageType } from './media-types';

describe('evidence media types', () => {
  it('allows what phones record and documents, nothing else', () => {
    for (const type of [
      'image/jpeg',
      'image/heic',
      'video/quicktime',
      'audio/ogg; codecs=opus',
      'audio/amr',
      'application/pdf',
    ]) {
      expect(isAllowedType(type), type).toBe(true);
    }
    for (const type of [
      'application/x-elf',
      'application/zip',
      'text/html',
      'image/svg+xml',
      'application/x-msdownload',
    ]) {
      expect(isAllowedType(type), type).toBe(false);
    }
  });

  it('accepts a declared type of the same family, or a generic one', () => {
    expect(declaredTypeMatches('image/jpeg', 'image/jpeg')).toBe(true);
    expect(declaredTypeMatches('IMAGE/JPG', 'image/jpeg')).toBe(true);
    expect(declaredTypeMatches('audio/mp4', 'audio/x-m4a')).toBe(true);
    expect(declaredTypeMatches('audio/opus', 'audio/ogg; codecs=opus')).toBe(true);
    expect(declaredTypeMatches('application/octet-stream', 'application/pdf')).toBe(true);
    expect(declaredTypeMatches(undefined, 'application/pdf')).toBe(true);
  });

  it('refuses a declared type that the bytes contradict', () => {
    expect(declaredTypeMatches('image/png', 'application/pdf')).toBe(false);
    expect(declaredTypeMatches('application/pdf', 'image/jpeg')).toBe(false);
    expect(declaredTypeMatches('text/plain', 'image/jpeg')).toBe(false);
  });

  it('knows which types get image processing and their extension', () => {
    expect(isImageType('image/webp')).toBe(true);
    expect(isImageType('video/mp4')).toBe(false);
    expect(extensionOf('video/quicktime')).toBe('mov');
    expect(extensionOf('application/unknown')).toBe('bin');
  });
});
