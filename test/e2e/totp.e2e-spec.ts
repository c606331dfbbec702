import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TotpEnrolment } from '../../apps/api/src/auth/totp.service';
import { BearerClient, insertUser, login, totpCode, type TestUser, useAuthApp } from '../support/auth-e2e';
import { expectApiError } from '../support/e2e-api';

/** A well-formed code that is not the current one (the current one is checked first). */
async function wrongCode(secret: string): Promise<string> {
  const current = await totpCode(secret);
  return current === '000000' ? '111111' : '000000';
}

describe('TOTP second factor', () => {
  const ctx = useAuthApp();

  /** Turns the factor on; the code it used is spent, so the next one is the following step's. */
  async function enrolAndVerify(client: BearerClient, user: TestUser): Promise<string> {
    const enrolment = await client.post<TotpEnrolment>('/api/auth/totp/enrol', {
      currentPassword: user.password,
    });
    expect(enrolment.status, JSON.stringify(enrolment.body)).toBe(200);
    const verified = await client.post('/api/auth/totp/verify', {
      code: await totpCode(enrolment.body.secret),
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    return enrolment.body.secret;
  }

  describe('enrolment', () => {
    it('returns a secret, its otpauth URL and an SVG QR code, and keeps the factor off until verified', async () => {
      const { user, client } = await ctx.signedIn('observer');

      const response = await client.post<TotpEnrolment>('/api/auth/totp/enrol', {
        currentPassword: user.password,
      });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.secret).toMatch(/^[A-Z2-7]{26,}$/);
      const url = new URL(response.body.otpauthUrl);
      expect(url.protocol).toBe('otpauth:');
      expect(url.host).toBe('totp');
      expect(url.searchParams.get('secret')).toBe(response.body.secret);
      expect(url.searchParams.get('issuer')).toBe('Vigie');
      expect(decodeURIComponent(url.pathname)).toContain(user.email);
      expect(response.body.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      const [row] = await ctx.db.query(`SELECT totp_secret, totp_enabled FROM users WHERE id = $1`, [
        user.id,
      ]);
      expect(row).toEqual({ totp_secret: response.body.secret, totp_enabled: false });
      // Still pending: signing in does not ask for a code yet.
      expect((await login(ctx.baseUrl, { email: user.email, password: user.password })).status).toBe(200);
    });

    it('refuses a wrong code with 400 errors.code, then turns the factor on with the right one', async () => {
      const { user, client } = await ctx.signedIn('observer');
      const enrolment = await client.post<TotpEnrolment>('/api/auth/totp/enrol', {
        currentPassword: user.password,
      });

      const wrong = await client.post('/api/auth/totp/verify', {
        code: await wrongCode(enrolment.body.secret),
      });
      expectApiError(wrong, 400, ['code']);

      const right = await client.post('/api/auth/totp/verify', {
        code: await totpCode(enrolment.body.secret),
      });

      expect(right.status, JSON.stringify(right.body)).toBe(200);
      expect(right.body).toEqual({ totpEnabled: true });
      const [event] = await ctx.db.query(
        `SELECT actor_id, diff FROM audit_events WHERE entity_id = $1 AND action = 'totp_enabled'`,
        [user.id],
      );
      expect(event).toEqual({ actor_id: user.id, diff: { totpEnabled: { before: false, after: true } } });
      expect(
        JSON.stringify(
          await ctx.db.query(`SELECT diff, context FROM audit_events WHERE entity_id = $1`, [user.id]),
        ),
      ).not.toContain(enrolment.body.secret);
    });

    it('refuses a malformed code with 400 and a verify without enrolment with 409', async () => {
      const { client } = await ctx.signedIn('observer');

      expectApiError(await client.post('/api/auth/totp/verify', { code: '12ab56' }), 400, ['code']);
      expectApiError(await client.post('/api/auth/totp/verify', { code: '123456' }), 409);
    });

    it('refuses a new enrolment while a factor is on', async () => {
      const { user, client } = await ctx.signedIn('observer');
      await enrolAndVerify(client, user);

      expectApiError(await client.post('/api/auth/totp/enrol', { currentPassword: user.password }), 409);
    });
  });

  describe('sign-in with a second factor', () => {
    it('asks for the code (401 totp_required), refuses a wrong one and accepts the current one', async () => {
      const { user, client } = await ctx.signedIn('coordinator');
      const secret = await enrolAndVerify(client, user);

      const withoutCode = await login(ctx.baseUrl, { email: user.email, password: user.password });
      expect(expectApiError(withoutCode, 401)).toMatchObject({ code: 'totp_required' });

      const wrong = await login(ctx.baseUrl, {
        email: user.email,
        password: user.password,
        totp: await wrongCode(secret),
      });
      expect(expectApiError(wrong, 401)).toMatchObject({ code: 'invalid_credentials' });

      const right = await login(ctx.baseUrl, {
        email: user.email,
        password: user.password,
        totp: await totpCode(secret, 1),
      });
      expect(right.status, JSON.stringify(right.body)).toBe(200);
      expect(right.body.user.totpEnabled).toBe(true);
    });

    it('does not reveal that a code is needed to someone without the password', async () => {
      const { user, client } = await ctx.signedIn('coordinator');
      await enrolAndVerify(client, user);

      const response = await login(ctx.baseUrl, { email: user.email, password: 'not the password at all' });

      expect(expectApiError(response, 401)).toMatchObject({ code: 'invalid_credentials' });
    });
  });

  describe('POST /api/auth/totp/disable', () => {
    it('needs the current password and code, then turns the factor off and audits it', async () => {
      const { user, client } = await ctx.signedIn('observer');
      const secret = await enrolAndVerify(client, user);

      expectApiError(
        await client.post('/api/auth/totp/disable', {
          code: await wrongCode(secret),
          currentPassword: user.password,
        }),
        400,
        ['code'],
      );
      const response = await client.post('/api/auth/totp/disable', {
        code: await totpCode(secret, 1),
        currentPassword: user.password,
      });

      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({ totpEnabled: false });
      expect((await login(ctx.baseUrl, { email: user.email, password: user.password })).status).toBe(200);
      const actions = await ctx.db.query(
        `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'totp_%' ORDER BY id`,
        [user.id],
      );
      expect(actions).toEqual([{ action: 'totp_enabled' }, { action: 'totp_disabled' }]);
    });

    it('answers 409 when no factor is on', async () => {
      const { client } = await ctx.signedIn('observer');

      expectApiError(await client.post('/api/auth/totp/disable', { code: '123456' }), 409);
    });
  });

  describe('security settings', () => {
    afterEach(async () => {
      // The setting is global: never leave it on for the next test or file.
      await ctx.db.query(`DELETE FROM app_settings WHERE key = 'security'`);
      await ctx.db.query(`UPDATE sessions SET mfa_pending = false WHERE mfa_pending`);
    });
    afterAll(async () => {
      await ctx.db.query(`DELETE FROM app_settings WHERE key = 'security'`);
    });

    it('are read and changed by an admin only', async () => {
      const { client: coordinator } = await ctx.signedIn('coordinator');
      const { client: admin } = await ctx.signedIn('admin', { withTotp: true });

      expectApiError(await coordinator.get('/api/settings/security'), 403);
      expectApiError(
        await coordinator.put('/api/settings/security', { totpRequiredForPrivileged: true }),
        403,
      );
      const read = await admin.get('/api/settings/security');
      expect(read.status, JSON.stringify(read.body)).toBe(200);
      expect(read.body).toEqual({ totpRequiredForPrivileged: false });
      expectApiError(await admin.put('/api/settings/security', { totpRequiredForPrivileged: 'yes' }), 400, [
        'totpRequiredForPrivileged',
      ]);
    });

    it('cannot be turned on by an admin without a second factor', async () => {
      const { client: admin } = await ctx.signedIn('admin');

      const response = await admin.put('/api/settings/security', { totpRequiredForPrivileged: true });

      expectApiError(response, 409, ['totpRequiredForPrivileged']);
    });

    it('holds a legal user without a factor to enrolment until it is done; an observer is not affected', async () => {
      const { user: adminUser, client: admin } = await ctx.signedIn('admin', { withTotp: true });
      const turnedOn = await admin.put('/api/settings/security', { totpRequiredForPrivileged: true });
      expect(turnedOn.status, JSON.stringify(turnedOn.body)).toBe(200);
      expect(turnedOn.body).toEqual({ totpRequiredForPrivileged: true });
      const [event] = await ctx.db.query(
        `SELECT actor_id, entity, diff FROM audit_events WHERE action = 'settings' ORDER BY id DESC LIMIT 1`,
      );
      expect(event).toEqual({
        actor_id: adminUser.id,
        entity: 'app_settings',
        diff: { totpRequiredForPrivileged: { before: false, after: true } },
      });

      const legal = await insertUser(ctx.db, { role: 'legal' });
      const signedIn = await login(ctx.baseUrl, { email: legal.email, password: legal.password });
      expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
      expect(signedIn.body.user.totpEnrollmentRequired).toBe(true);
      const legalClient = new BearerClient(ctx.baseUrl, signedIn.body.token);

      const held = await legalClient.get('/api/observations');
      expect(expectApiError(held, 403)).toMatchObject({ code: 'totp_enrollment_required' });
      expect((await legalClient.get('/api/auth/me')).body).toMatchObject({ totpEnrollmentRequired: true });

      await enrolAndVerify(legalClient, legal);

      expect((await legalClient.get('/api/observations')).status).toBe(200);
      expect((await legalClient.get('/api/auth/me')).body).toMatchObject({
        totpEnabled: true,
        totpEnrollmentRequired: false,
      });

      const { client: observer } = await ctx.signedIn('observer');
      expect((await observer.get('/api/observations')).status).toBe(200);
    });

    it('applies to sessions already open, and lets them go when turned off', async () => {
      const { client: admin } = await ctx.signedIn('admin', { withTotp: true });
      const { client: legal } = await ctx.signedIn('legal');
      expect((await legal.get('/api/observations')).status).toBe(200);

      await admin.put('/api/settings/security', { totpRequiredForPrivileged: true });
      expect(expectApiError(await legal.get('/api/observations'), 403)).toMatchObject({
        code: 'totp_enrollment_required',
      });
      // The admin who turned it on has a factor, so is not held.
      expect((await admin.get('/api/settings/security')).status).toBe(200);

      await admin.put('/api/settings/security', { totpRequiredForPrivileged: false });
      expect((await legal.get('/api/observations')).status).toBe(200);
    });

    it('keeps a privileged user from disabling a mandatory factor (409)', async () => {
      const { client: admin } = await ctx.signedIn('admin', { withTotp: true });
      const { user: legal, client } = await ctx.signedIn('legal', { withTotp: true });
      await admin.put('/api/settings/security', { totpRequiredForPrivileged: true });

      const response = await client.post('/api/auth/totp/disable', {
        code: await totpCode(legal.totpSecret as string),
      });

      expect(expectApiError(response, 409)).toMatchObject({ code: 'totp_mandatory' });
    });
  });
});
