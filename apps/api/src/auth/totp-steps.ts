import type { EntityManager } from 'typeorm';
import { verifyTotp } from './totp';

/**
 * Accepts a TOTP code once: it must match a step after the last one this account used, and that step
 * is then recorded with a conditional update, so that of two requests racing with one code only one
 * wins. Every place that accepts a code (sign-in, enrolment, disabling, own-credential changes) goes
 * through here.
 */
export async function acceptTotpCode(
  manager: EntityManager,
  userId: string,
  secret: string,
  code: string,
): Promise<boolean> {
  const [row] = (await manager.query(`SELECT totp_last_step FROM users WHERE id = $1`, [userId])) as {
    totp_last_step: string | null;
  }[];
  const lastStep = row?.totp_last_step == null ? null : Number(row.totp_last_step);
  const step = await verifyTotp(secret, code, lastStep);
  if (step === null) return false;
  const [claimed] = (await manager.query(
    `WITH claimed AS (
       UPDATE users SET totp_last_step = $2
        WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)
       RETURNING id)
     SELECT count(*)::int AS count FROM claimed`,
    [userId, step],
  )) as { count: number }[];
  return (claimed?.count ?? 0) === 1;
}
