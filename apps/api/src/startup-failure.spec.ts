import { describe, expect, it } from 'vitest';
import { startupFailureMessage } from './startup-failure';

describe('startupFailureMessage', () => {
  it('says the port is taken and what to set', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), {
      code: 'EADDRINUSE',
    });
    expect(startupFailureMessage(error)).toBe(
      'Vigie could not start: listen EADDRINUSE: address already in use 127.0.0.1:3000\n' +
        'What to do: another process already listens on that address: stop it, or set PORT (and HOST) to a free one.',
    );
  });

  it('explains a refused database connection hidden in an AggregateError', () => {
    const error = Object.assign(
      new AggregateError(
        [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
        '',
      ),
      { code: 'ECONNREFUSED' },
    );
    const message = startupFailureMessage(error);
    expect(message).toMatch(/connect ECONNREFUSED 127\.0\.0\.1:5432/);
    expect(message).toMatch(/What to do: no PostgreSQL answers at DATABASE_URL/);
  });

  it('describes an unknown failure in words, without advice it does not have', () => {
    expect(startupFailureMessage({ type: 'error', message: 'boom' })).toBe('Vigie could not start: boom');
  });
});
