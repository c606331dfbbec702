import type { AttachmentRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { downloadName } from './attachments.service';

const record = (originalName: string | null) =>
  ({ id: '3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c', originalName }) as AttachmentRecord;

describe(downloadName.name, () => {
  it('keeps a readable ASCII name with the extension of the sniffed type', () => {
    expect(downloadName(record('arrêté préfectoral.pdf'), 'original', 'application/pdf')).toBe(
      'arrete_prefectoral.pdf',
    );
    expect(downloadName(record('photo.exe'), 'original', 'image/jpeg')).toBe('photo.jpg');
    expect(downloadName(record('IMG_0042.HEIC'), 'publication', 'image/jpeg')).toBe(
      'IMG_0042-publication.jpg',
    );
    expect(downloadName(record('VID_0042.MOV'), 'publication', 'video/quicktime')).toBe(
      'VID_0042-publication.mov',
    );
  });

  it('names a file by its id when the name is withheld (communication)', () => {
    const withheld = { id: '3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c' } as AttachmentRecord;
    expect(downloadName(withheld, 'publication', 'video/mp4')).toBe(
      'attachment-3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c-publication.mp4',
    );
  });

  it('cannot be turned into a path or a header injection', () => {
    expect(downloadName(record('../../etc/passwd'), 'original', 'application/pdf')).toBe('passwd.pdf');
    expect(downloadName(record('a"; filename=evil.html\r\nX: y.pdf'), 'original', 'application/pdf')).toBe(
      'a_filename_evil.html_X_y.pdf',
    );
    expect(downloadName(record(null), 'original', 'application/pdf')).toBe(
      'attachment-3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c.pdf',
    );
    expect(downloadName(record('دليل.pdf'), 'thumbnail', 'image/jpeg')).toBe(
      'attachment-3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c-thumbnail.jpg',
    );
  });
});
