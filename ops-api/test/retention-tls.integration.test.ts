import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendAudit, purgeAudit, verifyAuditChain } from '../src/security/audit.js';
import { ENGINES, startPlatform } from './harness.js';

const pglite = ENGINES.find((e) => e.name === 'pglite')!;
const subject = { userId: null, username: 'test', roles: [], orgId: null, ip: null, userAgent: null, requestId: null };

describe('audit retention', () => {
  afterEach(() => vi.useRealTimers());

  it('removes only entries past the retention, re-anchors the chain and records the purge', async () => {
    // a platform that has run for 400 days: what the boot audited is old too
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.now() - 400 * 86_400_000));
    const t = await startPlatform(pglite);
    try {
      const knex = t.platform.db.knex;
      for (let i = 0; i < 3; i++) await knex.transaction((trx) => appendAudit(trx, subject, { action: 'old.entry' }));
      vi.useRealTimers();
      const old = Number((await knex('audit_log').count({ n: '*' }).first())!.n);
      expect(old).toBeGreaterThanOrEqual(3);
      await knex.transaction((trx) => appendAudit(trx, subject, { action: 'recent.entry' }));
      // a 30-day request is raised to the 180-day floor: nothing recent goes
      const removed = await knex.transaction((trx) => purgeAudit(trx, 30, subject));
      expect(removed).toBe(old);
      const after = Number((await knex('audit_log').count({ n: '*' }).first())!.n);
      expect(after).toBe(1 + 1); // the recent entry and the purge's own
      expect(await knex('audit_log').where('action', 'audit.purge').first()).toBeTruthy();
      expect((await verifyAuditChain(knex)).ok).toBe(true);
      // the database still refuses to remove a recent entry, even with the purge switch on
      await expect(
        knex.transaction(async (trx) => {
          await trx.raw(`SELECT set_config('qc.audit_purge', 'on', true)`);
          await trx('audit_log').where('action', 'recent.entry').delete();
        }),
      ).rejects.toThrow();
    } finally {
      await t.stop();
    }
  });
});

describe('HTTPS served directly', () => {
  it('serves TLS with HSTS and a Secure cookie when a certificate and key are configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const t = await startPlatform(pglite, { tlsCert: cert, tlsKey: key });
    try {
      await t.server.start();
      const res = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
        const req = https.request(
          { host: '127.0.0.1', port: t.server.info.port, path: '/api/auth/login', method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
          (r) => {
            r.resume();
            r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ username: 'admin', password: 'Test#Admin2026' }));
      });
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(res.headers['set-cookie'])).toMatch(/qc_sid=[^;]+;.*Secure/);
    } finally {
      await t.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
