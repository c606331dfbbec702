import { describe, expect, it } from 'vitest';
import { sizeRefusal, UploadFailure, uploadAttachment, uploadErrorMessage, uploadForm } from './upload';

const CONSENT = { publication: true, litigation: false, research: false };

/** Enough of XMLHttpRequest for uploadAttachment; the test plays the network. */
class FakeRequest {
  method = '';
  url = '';
  withCredentials = false;
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = '';
  aborted = false;
  upload: {
    onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
  } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.();
  }
}

function start(signal?: AbortSignal) {
  const fake = new FakeRequest();
  const progress: number[] = [];
  const promise = uploadAttachment(
    {
      id: '0b5f2b8e-6b0c-4b8e-9d57-2f1f5b0e8a11',
      file: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }),
      fileName: 'photo.jpg',
      ownerType: 'incident',
      ownerId: 'c4f5a0de-7f5e-4c41-9d7c-1d2a6a4e8b01',
      caption: '  Tente lacérée ',
      consent: CONSENT,
      onProgress: (fraction) => progress.push(fraction),
      signal,
    },
    () => fake as unknown as XMLHttpRequest,
  );
  return { fake, progress, promise };
}

describe('uploadForm', () => {
  it('sends the client id, the owner, the trimmed caption and the consent before the file', () => {
    const form = uploadForm({
      id: 'id-1',
      file: new Blob(['x']),
      fileName: 'a.pdf',
      ownerType: 'observation',
      ownerId: 'obs-1',
      caption: ' ',
      consent: CONSENT,
    });
    expect([...form.keys()]).toEqual(['id', 'observationId', 'consent', 'file']);
    expect(form.get('consent')).toBe(JSON.stringify(CONSENT));
    expect((form.get('file') as File).name).toBe('a.pdf');
  });
});

describe('uploadAttachment', () => {
  it('posts the form with the session cookie, reports progress and resolves with the record', async () => {
    const { fake, progress, promise } = start();
    expect(fake.method).toBe('POST');
    expect(fake.url).toBe('/api/attachments');
    expect(fake.withCredentials).toBe(true);
    const body = fake.body as FormData;
    expect(body.get('incidentId')).toBe('c4f5a0de-7f5e-4c41-9d7c-1d2a6a4e8b01');
    expect(body.get('caption')).toBe('Tente lacérée');
    fake.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 });
    fake.respond(201, { id: 'att-1', sha256: 'a'.repeat(64) });
    await expect(promise).resolves.toMatchObject({ id: 'att-1' });
    expect(progress).toEqual([0.25, 1]);
  });

  it('fails with status 0 when the network drops, and with the API body when refused', async () => {
    const offline = start();
    offline.fake.onerror?.();
    await expect(offline.promise).rejects.toMatchObject({ status: 0 });

    const refused = start();
    refused.fake.respond(415, { statusCode: 415, code: 'attachment_unsupported_type', message: 'no' });
    await expect(refused.promise).rejects.toMatchObject({
      status: 415,
      body: { code: 'attachment_unsupported_type' },
    });
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const { fake, promise } = start(controller.signal);
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.aborted).toBe(true);
  });
});

describe('uploadErrorMessage', () => {
  const failure = (status: number, body: unknown = null) =>
    uploadErrorMessage(new UploadFailure(status, body));

  it('offers a retry after a network failure or a server error, not after a refusal', () => {
    expect(failure(0)).toEqual({ key: 'vigie.evidence.errors.network', retryable: true });
    expect(failure(503)).toMatchObject({ key: 'vigie.evidence.errors.server', retryable: true });
    expect(failure(415).retryable).toBe(false);
    expect(failure(413).retryable).toBe(false);
  });

  it('says the limit of a file too large when the API gives it', () => {
    expect(
      failure(413, {
        statusCode: 413,
        code: 'attachment_too_large',
        message: 'The file is larger than 100 MB',
      }),
    ).toEqual({ key: 'vigie.evidence.errors.tooLargeWithLimit', params: { limit: '100' }, retryable: false });
    expect(failure(413, { message: 'Payload Too Large' }).key).toBe('vigie.evidence.errors.tooLarge');
  });

  it('tells a refused type from a file whose bytes contradict its declared type', () => {
    expect(
      failure(415, { code: 'attachment_unsupported_type', message: 'Files of type x are not accepted' }).key,
    ).toBe('vigie.evidence.errors.unsupportedType');
    expect(
      failure(415, {
        code: 'attachment_type_mismatch',
        message: 'The file was declared as image/jpeg but its bytes are application/pdf',
      }).key,
    ).toBe('vigie.evidence.errors.typeMismatch');
  });

  it('recognises an empty file, and keeps the reason of another 400', () => {
    expect(
      failure(400, {
        code: 'attachment_empty_file',
        message: 'The file is empty (0 bytes)',
        errors: { file: 'x' },
      }).key,
    ).toBe('vigie.evidence.errors.empty');
    expect(failure(400, { message: 'Invalid input', errors: { caption: 'must be shorter' } })).toEqual({
      key: 'vigie.evidence.errors.invalidWithReason',
      params: { reason: 'must be shorter' },
      retryable: false,
    });
  });

  it('explains the other refusals', () => {
    expect(failure(404).key).toBe('vigie.evidence.errors.ownerNotFound');
    expect(failure(409).key).toBe('vigie.evidence.errors.conflict');
    expect(failure(403).key).toBe('vigie.evidence.errors.forbidden');
    expect(failure(401)).toMatchObject({ key: 'vigie.evidence.errors.unauthenticated', retryable: true });
    expect(uploadErrorMessage(new Error('boom')).key).toBe('vigie.evidence.errors.unknown');
  });
});

describe('sizeRefusal', () => {
  const MB = 1024 * 1024;

  it('refuses a file over the server limit with the message of the server’s 413', () => {
    const server = uploadErrorMessage(
      new UploadFailure(413, {
        statusCode: 413,
        error: 'Payload Too Large',
        code: 'attachment_too_large',
        message: 'The file is larger than 5 MB',
      }),
    );
    expect(sizeRefusal(5 * MB + 1, 5)).toEqual(server);
    expect(server).toEqual({
      key: 'vigie.evidence.errors.tooLargeWithLimit',
      params: { limit: '5' },
      retryable: false,
    });
  });

  it('lets a file of exactly the limit go, and anything while the limit is unknown', () => {
    expect(sizeRefusal(5 * MB, 5)).toBeNull();
    expect(sizeRefusal(1, 5)).toBeNull();
    expect(sizeRefusal(500 * MB, null)).toBeNull();
  });

  it('refuses an empty file as the server would', () => {
    expect(sizeRefusal(0, 5)).toEqual({ key: 'vigie.evidence.errors.empty', retryable: false });
    expect(sizeRefusal(0, null)?.key).toBe('vigie.evidence.errors.empty');
  });
});

describe('the upload error messages', () => {
  it('exist in French and in English for every status the mapping knows', async () => {
    const { evidenceMessages } = await import('./i18n');
    const statuses = [0, 400, 401, 403, 404, 409, 413, 415, 429, 500];
    const bodies = [
      null,
      { code: 'attachment_empty_file' },
      { code: 'attachment_type_mismatch' },
      { message: 'larger than 5 MB' },
      { message: 'Invalid' },
    ];
    const keys = new Set(
      statuses.flatMap((status) =>
        bodies.map((body) => uploadErrorMessage(new UploadFailure(status, body)).key),
      ),
    );
    keys.add(uploadErrorMessage(new Error('x')).key);
    for (const lang of ['fr', 'en'] as const) {
      for (const key of keys) {
        const name = key.replace(
          'vigie.evidence.errors.',
          '',
        ) as keyof (typeof evidenceMessages)['fr']['errors'];
        expect(evidenceMessages[lang].errors[name], `${lang} ${key}`).toEqual(expect.any(String));
      }
    }
  });
});
