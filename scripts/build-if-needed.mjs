// Builds ops-api and the UI when their outputs are missing or older than their sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir, skip = /node_modules|dist|\.angular/) {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.test(entry.name)) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function stampTime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

function run(label, command, args, cwd = root) {
  // Progress goes to stderr so that `npm run qc -- … --json` keeps a clean stdout.
  process.stderr.write(`${label}…\n`);
  const res = spawnSync(command, args, { cwd, stdio: ['ignore', process.stderr, process.stderr], shell: false });
  if (res.status !== 0) {
    process.stderr.write(`${label}失败（退出码 ${res.status}）\n`);
    process.exit(res.status ?? 1);
  }
}

const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const ngBin = path.join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');

/** Compiles ops-api and the packages it builds on (warehouse, ingest) when missing or stale. */
export function buildApiIfNeeded() {
  const stamp = path.join(root, 'ops-api', 'dist', '.built');
  const src = Math.max(
    ...['ops-api/src', 'ops-api/db', 'ingest/src', 'analytics/src', 'warehouse/src'].map((d) => newestMtime(path.join(root, d))),
    ...['ops-api/package.json', 'ingest/package.json', 'analytics/package.json', 'warehouse/package.json'].map((f) => stampTime(path.join(root, f))),
  );
  if (stampTime(stamp) >= src) return;
  // project references: warehouse → ingest → ops-api, each built once and incrementally
  run('编译 ops-api、ingest、warehouse', process.execPath, [tscBin, '-b', 'ops-api/tsconfig.build.json']);
  fs.writeFileSync(stamp, new Date().toISOString());
}

/** Builds the UI when its bundle is missing or stale. */
export function buildUiIfNeeded() {
  const index = path.join(root, 'ui', 'dist', 'ui', 'browser', 'index.html');
  const src = Math.max(newestMtime(path.join(root, 'ui', 'src')), stampTime(path.join(root, 'ui', 'angular.json')));
  if (stampTime(index) >= src) return;
  run('构建前端（首次约 1 分钟）', process.execPath, [ngBin, 'build', '--configuration', 'production'], path.join(root, 'ui'));
}
