import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBClient, writeDischargeFile } from '@qc/ingest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RECORDS = 200_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The platform as its own process, from the sources (tsx), on a data dir and port. */
function startServer(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, 'ops-api/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      QC_HOST: '127.0.0.1',
      QC_DATA_DIR: dataDir,
      QC_LOG_LEVEL: 'warn',
      QC_DEMO_DISCHARGES: '0',
      QC_TRANSFORMS: 'false',
      QC_LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      DATABASE_URL: '',
    },
    stdio: 'ignore',
  });
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not come up');
}

async function login(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'liaison01', password: 'Lz@Demo2026' }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('XSRF-TOKEN='))!.split('=')[1]! };
}

async function upload(url: string, auth: { cookie: string; csrf: string }, file: string): Promise<string> {
  const form = new FormData();
  form.set('kind', 'discharge_records');
  form.set('org', 'LZ-H01');
  form.set('file', new Blob([fs.readFileSync(file)]), 'big.csv');
  const res = await fetch(`${url}/api/ingest/uploads`, { method: 'POST', headers: { cookie: auth.cookie, 'x-xsrf-token': auth.csrf }, body: form });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { runId: string }).runId;
}

async function run(url: string, auth: { cookie: string }, id: string) {
  return (await (await fetch(`${url}/api/ingest/runs/${id}`, { headers: { cookie: auth.cookie } })).json()) as {
    status: string;
    rowsRead: number;
    rowsLoaded: number;
    rowsRejected: number;
    error: string | null;
  };
}

describe('a SIGKILL in the middle of a load', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-crash-'));
  let server: ChildProcess | undefined;
  afterAll(() => {
    server?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks the run failed after the restart; loading again leaves no row lost or doubled', async () => {
    const file = path.join(dataDir, 'big.csv');
    // one hospital's records only, so the liaison may upload them
    await writeDischargeFile(file, { records: RECORDS, seed: 7, from: '2025-01', to: '2025-12', format: 'csv', hospitals: [{ code: 'LZ-H01', tier: '三级甲等', type: '综合医院' }] });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = startServer(dataDir, port);
    await waitHealthy(url);
    let auth = await login(url);
    const first = await upload(url, auth, file);
    // wait until the load is under way (a batch in, or a second of reading), then kill without warning
    let runningSince = 0;
    for (let i = 0; i < 1200; i++) {
      const r = await run(url, auth, first);
      if (r.status === 'running') {
        runningSince ||= Date.now();
        if (r.rowsLoaded > 0 || Date.now() - runningSince > 1000) break;
      }
      if (!['queued', 'running'].includes(r.status)) throw new Error(`run ended before the kill: ${r.status}`);
      await new Promise((res) => setTimeout(res, 50));
    }
    server.kill('SIGKILL');
    await new Promise((res) => server!.once('exit', res));

    server = startServer(dataDir, port);
    await waitHealthy(url);
    auth = await login(url);
    const after = await run(url, auth, first);
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/中断/);

    const second = await upload(url, auth, file);
    let done;
    for (let i = 0; i < 1200; i++) {
      done = await run(url, auth, second);
      if (!['queued', 'running'].includes(done.status)) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    expect(done!.status).toBe('succeeded');
    expect(done!.rowsLoaded).toBe(RECORDS);
    server.kill('SIGTERM');
    await new Promise((res) => server!.once('exit', res));
    server = undefined;

    // the warehouse holds every record exactly once
    const wh = await DuckDBClient.open({ path: path.join(dataDir, 'warehouse', 'warehouse.duckdb') });
    try {
      const [row] = await wh.query<{ n: number; keys: number }>('SELECT count(*) AS n, count(DISTINCT record_key) AS keys FROM raw.discharge_records');
      expect(Number(row!.n)).toBe(RECORDS);
      expect(Number(row!.keys)).toBe(RECORDS);
    } finally {
      await wh.close();
    }
  }, 600_000);
});
