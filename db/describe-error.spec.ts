import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error.mts';

describe('describeError', () => {
  it('gives an Error its message', () => {
    expect(describeError(new Error('Failed to launch the browser process!'))).toBe(
      'Failed to launch the browser process!',
    );
  });

  it('follows the cause chain', () => {
    const error = new Error('Setup failed', { cause: new Error('relation "users" does not exist') });
    expect(describeError(error)).toBe('Setup failed, because: relation "users" does not exist');
  });

  it('lists the errors of an AggregateError with an empty message, as Node connects to localhost', () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}:5432`), { code: 'ECONNREFUSED' });
    const error = Object.assign(new AggregateError([refused('::1'), refused('127.0.0.1')], ''), {
      code: 'ECONNREFUSED',
    });
    expect(describeError(error)).toBe(
      '(ECONNREFUSED): connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('reads an ErrorEvent-like object by its error, or its message', () => {
    // What the WebSocket library hands puppeteer when the DevTools connection fails.
    const event = {
      type: 'error',
      message: 'socket hang up',
      error: new Error('socket hang up'),
      target: {},
    };
    expect(describeError(event)).toBe('socket hang up');
    expect(describeError({ type: 'error', message: 'Unexpected server response: 404' })).toBe(
      'Unexpected server response: 404',
    );
    expect(describeError({ error: new Error('read ECONNRESET') })).toBe('read ECONNRESET');
  });

  it('never answers [object Object]', () => {
    for (const value of [
      {},
      { type: 'error' },
      { foo: { bar: 1 } },
      [],
      Object.create(null),
      new Error(''),
    ]) {
      const text = describeError(value);
      expect(text).not.toMatch(/\[object Object\]/);
      expect(text.length).toBeGreaterThan(0);
    }
    expect(describeError({ foo: { bar: 1 } })).toBe('{ foo: { bar: 1 } }');
    expect(describeError({ type: 'error' })).toBe("error event { type: 'error' }");
    expect(describeError(new TypeError(''))).toBe('TypeError');
  });

  it('says so when nothing was given, and keeps strings and numbers', () => {
    expect(describeError(undefined)).toBe('an unknown error (nothing was given)');
    expect(describeError(null)).toBe('an unknown error (nothing was given)');
    expect(describeError('  disk full ')).toBe('disk full');
    expect(describeError(42)).toBe('42');
  });

  it('adds a system error code the message does not carry', () => {
    expect(describeError(Object.assign(new Error('permission denied'), { code: 'EACCES' }))).toBe(
      'permission denied (EACCES)',
    );
  });

  it('stops on a cause cycle', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    (first as { cause?: unknown }).cause = second;
    expect(describeError(first)).toMatch(/^first, because: second/);
  });
});
