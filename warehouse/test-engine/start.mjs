// Starts the ClickHouse test engine (chdb_http.py: ClickHouse's HTTP interface over the embedded chdb
// engine) on a free port with the project's .venv Python. Used by warehouse tests; run it by hand with
// `node warehouse/test-engine/start.mjs` to get a URL for @clickhouse/client or dbt-clickhouse (Ctrl-C stops).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

/** The Python that runs the engine, or undefined when the project's virtualenv is missing. */
export function testEnginePython() {
  const python = path.join(root, '.venv', 'bin', 'python');
  return fs.existsSync(python) ? python : undefined;
}

/**
 * Starts the engine and resolves once it accepts connections.
 * @param {{ dataDir?: string, startTimeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, dataDir: string, pid: number, stop: () => Promise<void> }>}
 */
export async function startClickHouseTestEngine(options = {}) {
  const python = testEnginePython();
  if (!python) throw new Error(`ClickHouse test engine needs ${path.join(root, '.venv', 'bin', 'python')} (npm install creates it)`);
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'qc-chdb-'));
  const child = spawn(python, [path.join(here, 'chdb_http.py'), '--port', '0', '--path', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), LANG: 'C.UTF-8' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ClickHouse test engine did not start in time\n${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LISTENING (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ClickHouse test engine exited (${code})\n${stderr}`));
    });
  });
  child.stdout.resume();
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, pid: child.pid ?? -1, stop };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const engine = await startClickHouseTestEngine();
  console.log(engine.url);
  const shutdown = () => void engine.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
