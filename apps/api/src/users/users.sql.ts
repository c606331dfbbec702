/**
 * The JSON of one user, built in SQL; `u` is the users alias. The column list is explicit so that
 * `password_hash` and `totp_secret` can never leak through a `SELECT *`.
 */
export const USER_JSON = `json_build_object(
  'id', u.id,
  'email', u.email,
  'name', u.name,
  'role', u.role,
  'active', u.active,
  'totpEnabled', u.totp_enabled,
  'lastLoginAt', u.last_login_at,
  'lockedUntil', CASE WHEN u.locked_until > now() THEN u.locked_until END,
  'createdAt', u.created_at,
  'updatedAt', u.updated_at,
  'createdBy', u.created_by,
  'updatedBy', u.updated_by,
  'version', u.version
)`;
