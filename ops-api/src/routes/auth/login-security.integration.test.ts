import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, clientFromLogin, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type TestPlatform } from '../../../test/harness.js';
import { sha256 } from '../../security/crypto.js';

const pglite = ENGINES.find((e) => e.name === 'pglite')!;

function code(secret: string, offsetSteps = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

/** The captcha's answer, read from its stored hash by trying the alphabet svg-captcha draws from (tests only). */
async function solveCaptcha(t: TestPlatform, captchaId: string): Promise<string> {
  const row = await t.platform.db.knex('captchas').where('id', captchaId).first();
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) for (const d of alphabet) {
    if (sha256(a + b + c + d) === row.answer_hash) return a + b + c + d;
  }
  throw new Error('captcha not solved');
}

describe.each(ENGINES)('login protection on $name', (engine) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startPlatform(engine, {}, { requireTotp: true });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const attempt = (payload: Record<string, string>) => t.inject({ method: 'POST', url: '/api/auth/login', payload });

  it('asks for a captcha after 3 failures and locks the account for 15 minutes after 5, for unknown names alike', async () => {
    for (const username of ['liaison02', 'nobody_here']) {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await attempt({ username, password: 'Wrong#Pass1' }));
      expect(answers.map((r) => r.json().code)).toEqual(['LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED']);
      expect(answers[2]!.json().details).toMatchObject({ captchaRequired: true, remainingAttempts: 2 });
      const noCaptcha = await attempt({ username, password: DEMO_PASSWORD });
      expect(noCaptcha.statusCode).toBe(401);
      expect(noCaptcha.json().code).toBe('CAPTCHA_REQUIRED');
      const captcha = (await t.inject('/api/auth/captcha')).json();
      expect(captcha.image).toMatch(/^data:image\/svg\+xml;base64,/);
      const wrongCaptcha = await attempt({ username, password: DEMO_PASSWORD, captchaId: captcha.captchaId, captcha: 'zzzz' });
      expect(wrongCaptcha.json().code).toBe('CAPTCHA_INVALID');
      // the captcha is good once: a second use fails even with the right answer
      const c2 = (await t.inject('/api/auth/captcha')).json();
      const answer = await solveCaptcha(t, c2.captchaId);
      const fourth = await attempt({ username, password: 'Wrong#Pass1', captchaId: c2.captchaId, captcha: answer.toUpperCase() });
      expect(fourth.json().code).toBe('LOGIN_FAILED');
      const reuse = await attempt({ username, password: DEMO_PASSWORD, captchaId: c2.captchaId, captcha: answer });
      expect(reuse.json().code).toBe('CAPTCHA_INVALID');
      const c3 = (await t.inject('/api/auth/captcha')).json();
      const fifth = await attempt({ username, password: 'Wrong#Pass1', captchaId: c3.captchaId, captcha: await solveCaptcha(t, c3.captchaId) });
      expect(fifth.statusCode).toBe(423);
      expect(fifth.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/锁定.*15 分钟/) });
      // locked: even the right password (and captcha) is refused
      const c4 = (await t.inject('/api/auth/captcha')).json();
      const locked = await attempt({ username, password: DEMO_PASSWORD, captchaId: c4.captchaId, captcha: 'x' });
      expect(locked.statusCode).toBe(423);
    }
    // the lock runs out after 15 minutes (moved back in time here), then the right password works again
    await t.platform.db.knex('login_attempts').where('username_key', 'liaison02').update({ locked_until: new Date(Date.now() - 1000) });
    const after = await attempt({ username: 'liaison02', password: DEMO_PASSWORD });
    expect(after.statusCode).toBe(200);
  });

  it('requires TOTP enrolment for a 三员 account, then the second factor at every login; a code works once', async () => {
    const first = await loginAs(t.server, 'auditor', DEMO_PASSWORD);
    expect(first.next).toBe('enroll_totp');
    const blocked = await first.get('/api/audit');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('TOTP_ENROLLMENT_REQUIRED');
    const setup = (await first.send('POST', '/api/auth/totp/setup')).json();
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(setup.otpauthUrl).toContain('secret=' + setup.secret);
    expect((await first.send('POST', '/api/auth/totp/activate', { code: '000000' })).statusCode).toBe(400);
    expect((await first.send('POST', '/api/auth/totp/activate', { code: code(setup.secret) })).statusCode).toBe(204);
    expect((await first.get('/api/audit')).statusCode).toBe(200);

    const without = await attempt({ username: 'auditor', password: DEMO_PASSWORD });
    expect(without.statusCode).toBe(401);
    expect(without.json().code).toBe('TOTP_REQUIRED');
    const wrong = await attempt({ username: 'auditor', password: DEMO_PASSWORD, totp: '123456' === code(setup.secret) ? '654321' : '123456' });
    expect(wrong.json().code).toBe('TOTP_INVALID');
    // the code used to activate is spent; the next step's code works once
    const next = code(setup.secret, 1);
    const ok = await attempt({ username: 'auditor', password: DEMO_PASSWORD, totp: next });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().next).toBeNull();
    const replay = await attempt({ username: 'auditor', password: DEMO_PASSWORD, totp: next });
    expect(replay.json().code).toBe('TOTP_INVALID');
    // a required second factor cannot be switched off
    const auditor = clientFromLogin(t.server, ok);
    const off = await auditor.send('DELETE', '/api/auth/totp', { code: code(setup.secret) });
    expect(off.statusCode).toBe(400);
    expect(off.json().message).toContain('要求两步验证');
    // the secret is stored encrypted
    const row = await t.platform.db.knex('users').where('username', 'auditor').first();
    expect(row.totp_secret).toMatch(/^enc:v1:/);
    expect(row.totp_secret).not.toContain(setup.secret);
  });

  it('forces a password change after an administrator’s reset and keeps the last 5 passwords from coming back', async () => {
    // admin must enrol first (三员)
    const admin0 = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    const s = (await admin0.send('POST', '/api/auth/totp/setup')).json();
    await admin0.send('POST', '/api/auth/totp/activate', { code: code(s.secret) });
    const id = (await admin0.get('/api/users?q=member01')).json().items[0].id;
    expect((await admin0.send('POST', `/api/users/${id}/password`, { password: 'Temp#Reset2026' })).statusCode).toBe(204);

    const member = await loginAs(t.server, 'member01', 'Temp#Reset2026');
    expect(member.next).toBe('change_password');
    expect((await member.get('/api/orgs')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await member.get('/api/auth/me')).json().mustChangePassword).toBe(true);
    const same = await member.send('POST', '/api/auth/password', { oldPassword: 'Temp#Reset2026', newPassword: 'Temp#Reset2026' });
    expect(same.statusCode).toBe(400);
    expect(same.json().details[0]).toMatchObject({ field: 'newPassword', message: expect.stringMatching(/最近 5 次/) });
    const wrongOld = await member.send('POST', '/api/auth/password', { oldPassword: 'nope', newPassword: 'Brand#New2026' });
    expect(wrongOld.json().details[0].field).toBe('oldPassword');
    let current = 'Temp#Reset2026';
    for (const next of ['Brand#New2026', 'Second#Pw2026', 'Third#Pw2026', 'Fourth#Pw2026']) {
      const c = await loginAs(t.server, 'member01', current);
      expect((await c.send('POST', '/api/auth/password', { oldPassword: current, newPassword: next })).statusCode).toBe(204);
      current = next;
    }
    const c = await loginAs(t.server, 'member01', current);
    expect((await c.get('/api/orgs')).statusCode).toBe(200);
    const back = await c.send('POST', '/api/auth/password', { oldPassword: current, newPassword: 'Brand#New2026' });
    expect(back.statusCode).toBe(400);
  });

  it('forces a change when the password is older than 90 days', async () => {
    await t.platform.db.knex('users').where('username', 'liaison01').update({ password_changed_at: new Date(Date.now() - 91 * 86_400_000) });
    const c = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    expect(c.next).toBe('change_password');
    expect((await c.get('/api/users')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('ends a session after 30 idle minutes and 12 hours after login; lists and revokes the user’s sessions', async () => {
    const a = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    const b = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    const sessions = (await a.get('/api/auth/sessions')).json();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    expect((await a.send('DELETE', `/api/auth/sessions/${other.id}`)).statusCode).toBe(204);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);

    const knex = t.platform.db.knex;
    const idle = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    await knex('sessions').where('id', sha256(decodeURIComponent(idle.cookie.match(/qc_sid=([^;]+)/)![1]!))).update({ last_seen_at: new Date(Date.now() - 31 * 60_000) });
    expect((await idle.get('/api/auth/me')).statusCode).toBe(401);
    const old = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    await knex('sessions').where('id', sha256(old.cookie.match(/qc_sid=([^;]+)/)![1]!)).update({ expires_at: new Date(Date.now() - 1000) });
    expect((await old.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a change without the CSRF token of the session', async () => {
    const c = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    const none = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(none.statusCode).toBe(403);
    expect(none.json().code).toBe('CSRF_FAILED');
    const forged = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie, 'x-xsrf-token': 'forged' } });
    expect(forged.json().code).toBe('CSRF_FAILED');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('sends security headers and clears the browser’s storage on logout', async () => {
    const page = await t.inject('/login');
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const c = await loginAs(t.server, 'expert01', DEMO_PASSWORD);
    const out = await c.send('POST', '/api/auth/logout');
    expect(out.headers['clear-site-data']).toContain('storage');
  });
});

describe('login rate limit per address', () => {
  it('answers 429 past the per-minute limit', async () => {
    const t = await startPlatform(pglite, { loginRateLimitPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'x' } })).statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await t.stop();
    }
  });
});
