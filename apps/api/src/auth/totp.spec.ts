import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newTotpSecret, verifyTotp } from './totp';

describe(verifyTotp.name, () => {
  const now = new Date('2026-03-01T12:00:10Z');
  const step = Math.floor(now.getTime() / 1000 / 30);
  const codeAt = (secret: string, offset: number) =>
    generate({ secret, epoch: Math.floor(now.getTime() / 1000) + 30 * offset });

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns the step of the current code, and of a code one step either side', async () => {
    const secret = newTotpSecret();

    expect(await verifyTotp(secret, await codeAt(secret, 0))).toBe(step);
    expect(await verifyTotp(secret, await codeAt(secret, -1))).toBe(step - 1);
    expect(await verifyTotp(secret, await codeAt(secret, 1))).toBe(step + 1);
    expect(await verifyTotp(secret, await codeAt(secret, 2))).toBeNull();
  });

  it('refuses a code of the last accepted step or before, and accepts a later one', async () => {
    const secret = newTotpSecret();

    expect(await verifyTotp(secret, await codeAt(secret, 0), step)).toBeNull();
    expect(await verifyTotp(secret, await codeAt(secret, -1), step)).toBeNull();
    expect(await verifyTotp(secret, await codeAt(secret, 1), step)).toBe(step + 1);
  });

  it('refuses everything, without throwing, when the last accepted step is ahead of the clock', async () => {
    const secret = newTotpSecret();

    expect(await verifyTotp(secret, await codeAt(secret, 0), step + 5)).toBeNull();
  });

  it('refuses a malformed code', async () => {
    expect(await verifyTotp(newTotpSecret(), '12345a')).toBeNull();
  });
});
