import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { DataCipher, loadDataKeys, parseDataKeys } from '../src/security/crypto.js';
import { reencryptPersonalData } from '../src/security/personal-data.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from './harness.js';

describe.each(ENGINES)('personal data on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  let userId = 0;
  beforeAll(async () => {
    t = await startPlatform(engine);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    const h01 = (await admin.get('/api/orgs?q=LZ-H01&kind=hospital')).json().items[0].id;
    userId = (
      await admin.send('POST', '/api/users', {
        username: 'private_one', displayName: '隐私', password: 'Private#2026', orgId: h01, roleCodes: ['expert'], phone: '13899990000', email: 'yin.si@lz.cn',
      })
    ).json().id;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('stores phone and e-mail as ciphertext: the raw row holds neither', async () => {
    const row = await t.platform.db.knex('users').where('id', userId).first();
    for (const v of [row.phone, row.email]) {
      expect(v).toMatch(/^enc:v1:[\w-]+:/);
    }
    expect(JSON.stringify(row)).not.toContain('13899990000');
    expect(JSON.stringify(row)).not.toContain('yin.si');
    // demo data too
    const demo = await t.platform.db.knex('users').where('username', 'liaison01').first();
    expect(demo.phone).toMatch(/^enc:v1:/);
  });

  it('masks by default; unmasking needs personal:unmask and is audited', async () => {
    expect((await admin.get(`/api/users/${userId}`)).json()).toMatchObject({ phone: '138****0000', email: 'y***@lz.cn' });
    // the system administrator manages accounts but does not read personal data
    expect((await admin.get(`/api/users/${userId}/contact`)).statusCode).toBe(403);
    const city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    const clear = await city.get(`/api/users/${userId}/contact`);
    expect(clear.json()).toEqual({ phone: '13899990000', email: 'yin.si@lz.cn' });
    const auditor = await loginAs(t.server, 'auditor', DEMO_PASSWORD);
    const trail = (await auditor.get('/api/audit?action=personal.unmask')).json();
    expect(trail.items[0]).toMatchObject({ username: 'cityadmin', objectId: String(userId) });
  });

  it('re-encrypts every field under a new key, and old ciphertext stays readable meanwhile', async () => {
    const old = loadDataKeys({ dataDir: t.config.dataDir }).keys;
    const rotated = new DataCipher([...parseDataKeys(`k2:${crypto.randomBytes(32).toString('base64')}`), ...old]);
    const n = await t.platform.db.knex.transaction((trx) => reencryptPersonalData(trx, rotated, { onlyPlain: false }));
    expect(n).toBeGreaterThanOrEqual(2);
    const row = await t.platform.db.knex('users').where('id', userId).first();
    expect(row.phone.startsWith('enc:v1:k2:')).toBe(true);
    expect(rotated.decrypt(row.phone)).toBe('13899990000');
    expect(() => new DataCipher(old).decrypt(row.phone)).toThrow();
  });

  it('keeps passwords and secrets out of the logs', () => {
    const config = loadConfig({ env: {}, file: undefined, overrides: { dataDir: t.config.dataDir } });
    expect(config.dataKeys).toBeUndefined();
  });
});
