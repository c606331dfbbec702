import { randomBytes } from 'node:crypto';
import { Algorithm, hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated here: it is shown once and never stored in clear. */
  generatedPassword: string | null;
}

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 iterations). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

/**
 * Creates the first admin account when there is no user at all (DESIGN §8). Returns null when
 * accounts already exist, so a second start changes nothing.
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  env: { email?: string; password?: string },
): Promise<FirstAdmin | null> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM users`);
  if (count > 0) return null;
  const email = env.email ?? 'admin@vigie.local';
  const generatedPassword = env.password ? null : randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(env.password ?? (generatedPassword as string));
  await dataSource.query(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'admin', $3)
     ON CONFLICT DO NOTHING`,
    [email, 'Administrateur', passwordHash],
  );
  return { email, generatedPassword };
}
