// `npm test`: every suite of the project, one after another, ending with one line `N passed, N failed`.
// Counts are tests where a runner reports them, and one per check (lint, import directions, types).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './build-if-needed.mjs';

const only = process.argv.slice(2);
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const node = process.execPath;

/** Runs a command, echoing its output, and returns its exit code and output. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    // eslint-disable-next-line no-control-regex -- strip ANSI colours before reading counts
    child.on('close', (code) => resolve({ code: code ?? 1, out: out.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

const suites = [
  { name: 'lint', run: () => run(node, [bin('eslint', 'bin/eslint.js'), '.']), count: 'check' },
  {
    name: 'deps',
    run: () => run(node, [bin('dependency-cruiser', 'bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', 'ops-api/src', 'ops-api/db', 'ingest/src', 'warehouse/src', 'ui/src']),
    count: 'check',
  },
  { name: 'typecheck', run: () => run('npm', ['run', '-s', 'typecheck']), count: 'check' },
  {
    name: 'vitest',
    run: () => run(node, [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.qc-test/vitest.json']),
    count: () => {
      const r = JSON.parse(fs.readFileSync(path.join(root, '.qc-test/vitest.json'), 'utf8'));
      return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numFailedTestSuites ?? 0) };
    },
  },
  {
    name: 'ui-unit',
    run: () => run(node, [bin('@angular/cli', 'bin/ng.js'), 'test', '--watch=false'], { cwd: path.join(root, 'ui') }),
    count: (out) => {
      const m = /Tests\s+(?:(\d+) failed\s*\|\s*)?(\d+) passed/.exec(out);
      return m ? { passed: Number(m[2]), failed: Number(m[1] ?? 0) } : null;
    },
  },
  {
    name: 'e2e',
    run: () => run(node, [path.join(root, 'scripts', 'e2e.mjs')]),
    count: (out) => {
      const pass = /ℹ pass (\d+)/.exec(out);
      const fail = /ℹ fail (\d+)/.exec(out);
      return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : null;
    },
  },
];

fs.mkdirSync(path.join(root, '.qc-test'), { recursive: true });
let passed = 0;
let failed = 0;
const lines = [];
for (const suite of suites) {
  if (only.length && !only.includes(suite.name)) continue;
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const { code, out } = await suite.run();
  let counts = null;
  if (suite.count === 'check') counts = code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  else {
    try {
      counts = suite.count(out);
    } catch {
      counts = null;
    }
  }
  // A runner that failed without a count (crash, build error) counts as one failure.
  if (!counts) counts = code === 0 ? { passed: 0, failed: 1 } : { passed: 0, failed: 1 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
  lines.push(`${suite.name.padEnd(10)} ${code === 0 ? 'ok  ' : 'FAIL'}  ${counts.passed} passed, ${counts.failed} failed`);
}
process.stdout.write(`\n${lines.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
