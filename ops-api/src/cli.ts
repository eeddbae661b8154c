import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWarehouse, writeDischargeFile } from '@qc/ingest';
import { backup, readManifest, restore } from './backup.js';
import { IngestWorker } from './jobs/ingest-worker.js';
import { inspectFile } from './security/uploads.js';
import { getRun, queueFileRun, uploadTarget } from './services/ingest-service.js';
import { Command, CommanderError } from 'commander';
import { prepareDatabase } from './app.js';
import { loadConfig, type AppConfig } from './config.js';
import type { Database } from './db/database.js';
import { appendAudit, purgeAudit, verifyAuditChain, type AuditSubject } from './security/audit.js';
import { loadPatientKeySecret, newDataKey, type DataCipher } from './security/crypto.js';
import { reencryptPersonalData } from './security/personal-data.js';
import { getPolicy } from './security/policy.js';
import { AppError } from './errors.js';
import { createLogger } from './logger.js';
import { findOrgByCode } from './services/org-service.js';
import { createUser } from './services/user-service.js';

/** A failure the operator can act on: printed as one Chinese line (or JSON), exit code 1. */
class CliError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

async function withDatabase<T>(config: AppConfig, fn: (db: Database, cipher: DataCipher) => Promise<T>): Promise<T> {
  const logger = createLogger({ ...config, logLevel: 'warn', logToFile: false });
  const { db, cipher } = await prepareDatabase(config, logger);
  try {
    return await fn(db, cipher);
  } finally {
    await db.close();
  }
}

/** Builds the `qc` command line; `config` is loaded lazily so `--help` works anywhere. */
export function buildCli(io: Io, getConfig: () => AppConfig = () => loadConfig()): Command {
  const program = new Command('qc')
    .description('柳州市医疗质控中心管理平台 运维命令')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('orgs:list')
    .description('列出机构及其代码、类型和上级')
    .option('--kind <kind>', '只列出一种：commission | qc_center | hospital | department')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { kind?: string; json?: boolean }) => {
      const rows = await withDatabase(getConfig(), async (db) => {
        const q = db
          .knex('organizations as o')
          .leftJoin('organizations as p', 'p.id', 'o.parent_id')
          .select('o.code', 'o.name', 'o.kind', 'p.code as parent', 'o.status', 'o.tier', 'o.specialty')
          .orderBy([{ column: 'o.kind' }, { column: 'o.code' }]);
        if (opts.kind) q.where('o.kind', opts.kind);
        return q;
      });
      const list = rows.map((r: Record<string, unknown>) => ({
        code: r.code,
        name: r.name,
        kind: r.kind,
        parent: r.parent ?? null,
        status: r.status,
        ...(r.kind === 'hospital' ? { tier: r.tier } : {}),
        ...(r.kind === 'qc_center' ? { specialty: r.specialty } : {}),
      }));
      if (opts.json) io.out(JSON.stringify(list, null, 2) + '\n');
      else {
        for (const r of list) io.out(`${String(r.code).padEnd(14)} ${String(r.kind).padEnd(11)} ${String(r.parent ?? '-').padEnd(10)} ${r.name}\n`);
        io.out(`共 ${list.length} 个机构\n`);
      }
    });

  program
    .command('user:create')
    .description('创建一个可登录的用户')
    .requiredOption('--username <username>', '用户名')
    .requiredOption('--password <password>', '密码（须符合密码策略）')
    .requiredOption('--role <role>', '角色代码，可用逗号分隔多个')
    .requiredOption('--org <code>', '所属机构代码（见 orgs:list）')
    .option('--name <displayName>', '姓名（默认同用户名）')
    .option('--temporary', '临时密码：首次登录须修改')
    .option('--json', '以 JSON 输出')
    .action(
      async (opts: { username: string; password: string; role: string; org: string; name?: string; temporary?: boolean; json?: boolean }) => {
        const user = await withDatabase(getConfig(), (db, cipher) =>
          db.knex.transaction(async (trx) => {
            const org = await findOrgByCode(opts.org, trx);
            if (!org) throw new CliError(`机构代码 ${opts.org} 不存在：请用 orgs:list 查看可用的代码`);
            const id = await createUser(
              null,
              {
                username: opts.username,
                displayName: opts.name ?? opts.username,
                password: opts.password,
                orgId: org.id,
                roleCodes: opts.role.split(',').map((r) => r.trim()).filter(Boolean),
                mustChangePassword: Boolean(opts.temporary),
              },
              trx,
              cipher,
            );
            await appendAudit(trx, cliSubject(), {
              action: 'user.create',
              objectType: 'user',
              objectId: id,
              after: { username: opts.username, org: org.code, roles: opts.role.split(','), temporary: Boolean(opts.temporary) },
            });
            return { id, username: opts.username, org: org.code, roles: opts.role.split(','), temporary: Boolean(opts.temporary) };
          }),
        );
        if (opts.json) io.out(JSON.stringify(user) + '\n');
        else io.out(`已创建用户 ${user.username}（编号 ${user.id}，机构 ${user.org}）\n`);
      },
    );

  program
    .command('ingest:file')
    .description('像上传一样载入一个数据文件（同样的检查、队列与入库），输出运行结果')
    .requiredOption('--kind <kind>', '数据类型：discharge_records')
    .requiredOption('--org <code>', '医疗机构代码（见 orgs:list）')
    .requiredOption('--file <path>', 'CSV（UTF-8 或 GB18030）或 XLSX 文件')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { kind: string; org: string; file: string; json?: boolean }) => {
      if (opts.kind !== 'discharge_records') throw new CliError(`数据类型 ${opts.kind} 不支持：目前只有 discharge_records（住院病案首页）`);
      if (!fs.existsSync(opts.file)) throw new CliError(`文件 ${opts.file} 不存在`);
      const config = getConfig();
      const run = await withDatabase(config, async (db, cipher) => {
        const warehouse = await openWarehouse({ dataDir: config.dataDir, clickhouseUrl: config.clickhouseUrl });
        try {
          const checked = await inspectFile(opts.file, path.basename(opts.file), ['csv', 'xlsx'], 2 * 1024 * 1024 * 1024);
          const uploads = path.join(config.dataDir, 'uploads');
          fs.mkdirSync(uploads, { recursive: true });
          const stored = path.join(uploads, `${crypto.randomUUID()}.${checked.kind}`);
          fs.copyFileSync(opts.file, stored);
          const sha256 = checked.sha256;
          const runId = await db.knex.transaction(async (trx) => {
            const target = await uploadTarget(trx, null, opts.org);
            const id = await queueFileRun(trx, { orgId: target.id, trigger: 'cli', fileName: checked.name, filePath: stored, sha256, createdBy: null });
            await appendAudit(trx, cliSubject(), { action: 'ingest.upload', objectType: 'ingest_run', objectId: id, detail: `${checked.name} → ${target.code}` });
            return id;
          });
          const logger = createLogger({ ...config, logLevel: 'warn', logToFile: false });
          const worker = new IngestWorker({ knex: db.knex, warehouse, cipher, logger, patientKeySecret: loadPatientKeySecret(config) });
          await worker.runNow(runId);
          return getRun(db.knex, null, runId);
        } finally {
          await warehouse.close();
        }
      });
      if (opts.json) io.out(JSON.stringify(run) + '\n');
      else {
        io.out(`运行 ${run.runId}：${run.status}；读取 ${run.rowsRead}，入库 ${run.rowsLoaded}，拒收 ${run.rowsRejected}\n`);
        for (const r of run.rejects ?? []) io.out(`  第${r.row}行 ${r.field}：${r.message}\n`);
      }
      if (run.status === 'failed') throw new CliError(`入库失败：${run.error ?? '未知原因'}`);
    });

  program
    .command('gen:discharges')
    .description('生成可复现的模拟住院病案首页数据文件（登记的全部医院）')
    .requiredOption('--records <n>', '记录数')
    .requiredOption('--out <file>', '输出文件（.csv 或 .xlsx）')
    .option('--seed <n>', '随机种子（相同种子得到相同数据）', '20261127')
    .option('--from <month>', '起始月份 YYYY-MM', '2025-01')
    .option('--to <month>', '结束月份 YYYY-MM', '2025-12')
    .option('--encoding <enc>', 'CSV 编码：utf-8 或 gb18030', 'utf-8')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { records: string; out: string; seed: string; from: string; to: string; encoding: string; json?: boolean }) => {
      const records = Number(opts.records);
      if (!Number.isInteger(records) || records < 1) throw new CliError('--records 必须是正整数');
      if (!/^\d{4}-\d{2}$/.test(opts.from) || !/^\d{4}-\d{2}$/.test(opts.to)) throw new CliError('--from 和 --to 的格式是 YYYY-MM');
      if (!['utf-8', 'gb18030'].includes(opts.encoding)) throw new CliError('--encoding 只能是 utf-8 或 gb18030');
      const started = Date.now();
      const format = opts.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      await writeDischargeFile(opts.out, {
        records,
        seed: Number(opts.seed),
        from: opts.from,
        to: opts.to,
        format,
        encoding: opts.encoding as 'utf-8' | 'gb18030',
      });
      const result = { file: opts.out, records, format, encoding: opts.encoding, ms: Date.now() - started };
      io.out(opts.json ? JSON.stringify(result) + '\n' : `已生成 ${records} 条记录：${opts.out}（${result.ms} 毫秒）\n`);
    });

  program
    .command('backup')
    .description('完整备份：业务库（全部表）、数仓原始表、上传文件和密钥文件，写成一个 .tar.gz（请先停止平台）')
    .requiredOption('--out <file>', '备份文件')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { out: string; json?: boolean }) => {
      const config = getConfig();
      const manifest = await withDatabase(config, async (db) => {
        const warehouse = await openWarehouse({ dataDir: config.dataDir, clickhouseUrl: config.clickhouseUrl });
        try {
          const m = await backup(db.knex, warehouse, config.dataDir, opts.out);
          await db.knex.transaction((trx) => appendAudit(trx, cliSubject(), { action: 'system.backup', detail: `备份到 ${opts.out}` }));
          return m;
        } finally {
          await warehouse.close();
        }
      });
      io.out(opts.json ? JSON.stringify({ file: opts.out, ...manifest }) + '\n' : `已备份到 ${opts.out}：${Object.values(manifest.tables).reduce((a, b) => a + b, 0)} 行业务数据，${Object.values(manifest.warehouse.tables).reduce((a, b) => a + b, 0)} 行数仓数据\n`);
    });

  program
    .command('restore')
    .description('从备份恢复，替换现有的业务库、数仓原始表、上传文件和密钥（请先停止平台；恢复后重新启动，dbt 会重建数据集市）')
    .requiredOption('--in <file>', '备份文件')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { in: string; json?: boolean }) => {
      if (!fs.existsSync(opts.in)) throw new CliError(`备份文件 ${opts.in} 不存在`);
      await readManifest(opts.in).catch(() => {
        throw new CliError(`${opts.in} 不是本平台的备份文件`);
      });
      const config = getConfig();
      const manifest = await withDatabase(config, async (db) => {
        const warehouse = await openWarehouse({ dataDir: config.dataDir, clickhouseUrl: config.clickhouseUrl });
        try {
          const m = await restore(db.knex, warehouse, config.dataDir, opts.in);
          await db.knex.transaction((trx) => appendAudit(trx, cliSubject(), { action: 'system.restore', detail: `从 ${opts.in}（${m.createdAt}）恢复` }));
          return m;
        } finally {
          await warehouse.close();
        }
      });
      io.out(opts.json ? JSON.stringify(manifest) + '\n' : `已从 ${opts.in} 恢复（备份时间 ${manifest.createdAt}）；请重新启动平台\n`);
    });

  program
    .command('audit:verify')
    .description('校验审计日志哈希链；完整时退出码 0，否则指出第一条被破坏的记录')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase(getConfig(), (db) => db.knex.transaction((trx) => verifyAuditChain(trx)));
      if (opts.json) io.out(JSON.stringify(result) + '\n');
      if (!result.ok) {
        const b = result.firstBroken!;
        throw new CliError(`审计日志被篡改：第一条被破坏的记录是 #${b.id}${b.at ? `（${b.at}）` : ''}：${b.reason}；此前 ${result.checked} 条完好`);
      }
      if (!opts.json) io.out(`审计日志完整：已校验 ${result.checked} 条记录\n`);
    });

  program
    .command('audit:purge')
    .description('按安全策略的保留期（不少于 180 天）删除过期的审计记录，并在链上留下记录')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }) => {
      const removed = await withDatabase(getConfig(), (db) =>
        db.knex.transaction(async (trx) => purgeAudit(trx, (await getPolicy(trx)).auditRetentionDays, cliSubject())),
      );
      io.out(opts.json ? JSON.stringify({ removed }) + '\n' : `已删除 ${removed} 条过期审计记录\n`);
    });

  program
    .command('security:new-key')
    .description('生成一把新的个人信息加密密钥（放在 QC_DATA_KEYS 的最前面，再运行 security:rotate-key）')
    .requiredOption('--id <id>', '密钥编号，如 k2')
    .action((opts: { id: string }) => {
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(opts.id)) throw new CliError('密钥编号只能是 1–16 位字母、数字、- 或 _');
      io.out(newDataKey(opts.id) + '\n');
    });

  program
    .command('security:rotate-key')
    .description('用当前（QC_DATA_KEYS 中第一把）密钥重新加密全部个人信息')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase(getConfig(), (db, cipher) =>
        db.knex.transaction(async (trx) => {
          const rewritten = await reencryptPersonalData(trx, cipher, { onlyPlain: false });
          await appendAudit(trx, cliSubject(), { action: 'security.key_rotate', detail: `用密钥 ${cipher.currentKeyId} 重新加密 ${rewritten} 个字段` });
          return { keyId: cipher.currentKeyId, rewritten };
        }),
      );
      io.out(opts.json ? JSON.stringify(result) + '\n' : `已用密钥 ${result.keyId} 重新加密 ${result.rewritten} 个字段\n`);
    });

  return program;
}

/** Operators' actions are audited under the operating-system account that ran them. */
function cliSubject(): AuditSubject {
  let osUser = 'unknown';
  try {
    osUser = os.userInfo().username;
  } catch {
    // no passwd entry (containers)
  }
  return { userId: null, username: `cli:${osUser}`, roles: [], orgId: null, ip: null, userAgent: 'qc-cli', requestId: null };
}

/** Runs the command line; resolves to the process exit code. */
export async function runCli(
  argv: string[],
  io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
  getConfig?: () => AppConfig,
): Promise<number> {
  const program = buildCli(io, getConfig);
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      return err.exitCode || 2;
    }
    const message =
      err instanceof AppError || err instanceof CliError || (err instanceof Error && err.name === 'ConfigError') || (err instanceof Error && err.name === 'DatabaseLockedError')
        ? err.message
        : `执行失败：${err instanceof Error ? err.message : String(err)}`;
    if (json) io.out(JSON.stringify({ error: { code: err instanceof AppError ? err.code : 'FAILED', message } }) + '\n');
    io.err(`错误：${message}\n`);
    return 1;
  }
}
