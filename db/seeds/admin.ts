import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { passwordProblem } from '../../apps/api/src/auth/password-policy';
import { hashPassword } from '../../apps/api/src/auth/passwords';

export { hashPassword };

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated here: it is shown once and never stored in clear. */
  generatedPassword: string | null;
}

const FIRST_ADMIN_NAME = 'Administrateur';

/**
 * Creates the first admin account when there is no user at all (DESIGN §8). Returns null when
 * accounts already exist, so a second start changes nothing. A password given in
 * `VIGIE_ADMIN_PASSWORD` must pass the same policy as every other (start refused otherwise), and the
 * creation is audited with the system as its actor.
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  env: { email?: string; password?: string },
): Promise<FirstAdmin | null> {
  const [{ exists }] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM users) AS exists`);
  if (exists) return null;
  const email = env.email ?? 'admin@vigie.local';
  if (env.password) {
    const problem = passwordProblem(env.password, { email, name: FIRST_ADMIN_NAME });
    if (problem !== null) {
      throw new Error(
        `VIGIE_ADMIN_PASSWORD is refused: the password ${problem}. Set a password of at least 12 ` +
          `characters that is not a common one nor the email or name, or leave VIGIE_ADMIN_PASSWORD ` +
          `unset to have one generated and printed once.`,
      );
    }
  }
  const generatedPassword = env.password ? null : randomBytes(18).toString('base64url');
  const passwordHash = await hashPassword(env.password ?? (generatedPassword as string));
  // Two instances starting together must not both report a password: only the insert that
  // happened reports one.
  return dataSource.transaction(async (manager) => {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO users (email, name, role, password_hash)
       SELECT $1, $2, 'admin', $3
        WHERE NOT EXISTS (SELECT 1 FROM users)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [email, FIRST_ADMIN_NAME, passwordHash],
    );
    const id = rows[0]?.id;
    if (id === undefined) return null;
    await new AuditService().record(manager, {
      actorId: null,
      action: 'create',
      entity: 'users',
      entityId: id,
      diff: {
        email: { before: null, after: email },
        name: { before: null, after: FIRST_ADMIN_NAME },
        role: { before: null, after: 'admin' },
        password: { before: null, after: '[changed]' },
      },
      context: {
        actor: 'system',
        operation: 'first_admin',
        passwordSource: env.password ? 'VIGIE_ADMIN_PASSWORD' : 'generated',
      },
    });
    return { email, generatedPassword };
  });
}
