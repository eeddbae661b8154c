// Creates the project-local Python virtualenv (.venv) with the pinned dbt packages and the ClickHouse
// test engine. Runs from `npm install` (postinstall) and again from `npm start` when missing; a no-op
// when .venv already has the pinned set. Python is used only for dbt and for the test engine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const venv = path.join(root, '.venv');
const requirements = path.join(root, 'dbt', 'requirements.txt');
// the ClickHouse test engine (chdb) is for tests; production images set QC_SKIP_TEST_ENGINE=1
const testEngine = path.join(root, 'warehouse', 'test-engine', 'requirements.txt');
const withTestEngine = !process.env.QC_SKIP_TEST_ENGINE;
const stamp = path.join(venv, '.qc-requirements');
const python = path.join(venv, 'bin', 'python');

const wanted = fs.readFileSync(requirements, 'utf8') + (withTestEngine ? fs.readFileSync(testEngine, 'utf8') : '');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted && fs.existsSync(python)) process.exit(0);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  return r.status === 0;
};
const system = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
if (!system) {
  process.stderr.write('未找到 Python 3：dbt 需要 Python 3.10+（apt-get install python3 python3-venv）。平台的其余部分不受影响。\n');
  process.exit(process.env.QC_REQUIRE_PYTHON ? 1 : 0);
}
process.stderr.write('准备 Python 虚拟环境 .venv（dbt、ClickHouse 测试引擎）…\n');
if (!fs.existsSync(python) && !run(system, ['-m', 'venv', venv])) {
  process.stderr.write('创建 .venv 失败：请安装 python3-venv。\n');
  process.exit(process.env.QC_REQUIRE_PYTHON ? 1 : 0);
}
const reqArgs = ['-r', requirements, ...(withTestEngine ? ['-r', testEngine] : [])];
if (!run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...reqArgs])) {
  process.stderr.write('安装 dbt 依赖失败（见上方 pip 输出）。\n');
  process.exit(process.env.QC_REQUIRE_PYTHON ? 1 : 0);
}
fs.writeFileSync(stamp, wanted);
