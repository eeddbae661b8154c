import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ENGINES, startPlatform } from '../test/harness.js';
import { openDatabase } from './db/database.js';

const pglite = ENGINES.find((e) => e.name === 'pglite')!;

describe('platform lifecycle', () => {
  it('finishes an in-flight request when asked to stop, then refuses new connections', async () => {
    const t = await startPlatform(pglite);
    let markReceived = () => {};
    const received = new Promise<void>((resolve) => (markReceived = resolve));
    t.server.ext('onPreHandler', (_request, h) => {
      markReceived();
      return h.continue;
    });
    await t.server.start();
    const url = `http://127.0.0.1:${t.server.info.port}`;
    // A login hashes with scrypt: slow enough to be in flight when stop begins.
    const inFlight = fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    await received;
    const stopping = t.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    await stopping;
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });

  it('keeps a second process out of a PGlite data directory in use, and lets it in after close', async () => {
    const t = await startPlatform(pglite);
    const dir = t.config.dataDir;
    // The lock names this process; a lock of a live *other* process is refused.
    const fs = await import('node:fs');
    const path = await import('node:path');
    const lockFile = path.join(dir, 'pglite.lock');
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    fs.writeFileSync(lockFile, String(process.ppid));
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/另一个平台进程/);
    fs.writeFileSync(lockFile, String(process.pid));
    await t.platform.stop();
    expect(fs.existsSync(lockFile)).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    const { n } = (await again.knex('organizations').count({ n: '*' }).first()) as { n: number };
    expect(Number(n)).toBeGreaterThan(50); // committed data survived the restart
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
