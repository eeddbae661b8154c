// Browser E2E: builds what is missing, then runs ui/e2e/*.e2e.ts with node's test runner in Debian chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildApiIfNeeded, buildUiIfNeeded, root } from './build-if-needed.mjs';

buildApiIfNeeded();
buildUiIfNeeded();
const dir = path.join(root, 'ui', 'e2e');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.ts')).map((f) => path.join('ui', 'e2e', f));
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
