import type { AttachmentRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { downloadName } from './attachments.service';

const record = (originalName: string | null, mimeType = 'application/pdf') =>
  ({ id: '3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c', originalName, mimeType }) as AttachmentRecord;

describe(downloadName.name, () => {
  it('keeps a readable ASCII name with the extension of the sniffed type', () => {
    expect(downloadName(record('arrêté préfectoral.pdf'), 'original')).toBe('arrete_prefectoral.pdf');
    expect(downloadName(record('photo.exe', 'image/jpeg'), 'original')).toBe('photo.jpg');
    expect(downloadName(record('IMG_0042.HEIC', 'image/heic'), 'publication')).toBe(
      'IMG_0042-publication.jpg',
    );
  });

  it('cannot be turned into a path or a header injection', () => {
    expect(downloadName(record('../../etc/passwd'), 'original')).toBe('passwd.pdf');
    expect(downloadName(record('a"; filename=evil.html\r\nX: y.pdf'), 'original')).toBe(
      'a_filename_evil.html_X_y.pdf',
    );
    expect(downloadName(record(null), 'original')).toBe(
      'attachment-3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c.pdf',
    );
    expect(downloadName(record('دليل.pdf'), 'thumbnail')).toBe(
      'attachment-3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c-thumbnail.jpg',
    );
  });
});
