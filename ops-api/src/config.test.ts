import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('uses the documented defaults with no configuration', () => {
    const c = loadConfig({ env: {}, file: undefined });
    expect(c).toMatchObject({ port: 3000, demo: true });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.clickhouseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('lets the environment win over the config file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-cfg-'));
    const file = path.join(dir, 'qc.config.json');
    fs.writeFileSync(file, JSON.stringify({ port: 4000, demo: false, dataDir: '/srv/qc' }));
    const c = loadConfig({ env: { PORT: '5000' }, file });
    expect(c.port).toBe(5000);
    expect(c.demo).toBe(false);
    expect(c.dataDir).toBe('/srv/qc');
  });

  it('reads QC_DEMO=false and DATABASE_URL', () => {
    const c = loadConfig({ env: { QC_DEMO: 'false', DATABASE_URL: 'postgres://u:p@db:5432/qc' }, file: undefined });
    expect(c.demo).toBe(false);
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/qc');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ CLICKHOUSE_URL: 'not a url' }, 'CLICKHOUSE_URL'],
    [{ QC_DEMO: 'perhaps' }, 'QC_DEMO'],
    [{ QC_ADMIN_PASSWORD: 'short' }, 'QC_ADMIN_PASSWORD'],
  ])('stops on a bad value naming the key: %o', (env, key) => {
    expect(() => loadConfig({ env, file: undefined })).toThrow(ConfigError);
    try {
      loadConfig({ env, file: undefined });
    } catch (err) {
      expect((err as ConfigError).key).toBe(key);
      expect((err as ConfigError).message).toContain(key);
    }
  });

  it('refuses an unknown key in the config file and a file that is not JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-cfg-'));
    const unknown = path.join(dir, 'a.json');
    fs.writeFileSync(unknown, JSON.stringify({ prot: 3000 }));
    expect(() => loadConfig({ env: {}, file: unknown })).toThrow(/prot/);
    const broken = path.join(dir, 'b.json');
    fs.writeFileSync(broken, '{ port: ');
    expect(() => loadConfig({ env: {}, file: broken })).toThrow(/JSON/);
  });
});
