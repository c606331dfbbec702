import { generateSecret, generateURI, verify } from 'otplib';

const ISSUER = 'Vigie';
const PERIOD_SECONDS = 30;
/** One step of clock drift tolerated either way. */
const TOLERANCE_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/**
 * Checks a 6-digit code of the current 30-second step, one step of clock drift tolerated either way.
 * Returns the time step the code belongs to, or null when it matches none. A code of a step at or
 * before `afterStep` (the last one accepted for the account) is refused: a code is good once.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  afterStep: number | null = null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(Date.now() / 1000);
  // otplib throws when the bound is past the window; past the window nothing is acceptable anyway.
  const lastAcceptable = Math.floor((epoch + TOLERANCE_SECONDS) / PERIOD_SECONDS);
  const result = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: Math.min(afterStep, lastAcceptable) }),
  });
  // The step the code belongs to: the current one, or one either side (the drift tolerated).
  return result.valid ? Math.floor(epoch / PERIOD_SECONDS) + result.delta : null;
}
