import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../apps/api/src/auth/passwords';

export { hashPassword };

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated here: it is shown once and never stored in clear. */
  generatedPassword: string | null;
}

/**
 * Creates the first admin account when there is no user at all (DESIGN §8). Returns null when
 * accounts already exist, so a second start changes nothing.
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  env: { email?: string; password?: string },
): Promise<FirstAdmin | null> {
  const [{ exists }] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM users) AS exists`);
  if (exists) return null;
  const email = env.email ?? 'admin@vigie.local';
  const generatedPassword = env.password ? null : randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(env.password ?? (generatedPassword as string));
  // Two instances starting together must not both report a password: only the insert that
  // happened reports one.
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO users (email, name, role, password_hash)
     SELECT $1, $2, 'admin', $3
      WHERE NOT EXISTS (SELECT 1 FROM users)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [email, 'Administrateur', passwordHash],
  );
  if (rows.length === 0) return null;
  return { email, generatedPassword };
}
