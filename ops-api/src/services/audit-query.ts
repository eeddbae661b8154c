import type { Knex } from 'knex';
import type { Db } from './context.js';

export interface AuditQuery {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  result?: 'success' | 'failure' | 'denied';
  q?: string;
  page: number;
  pageSize: number;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filtered(db: Db, query: AuditQuery): Knex.QueryBuilder {
  const q = db('audit_log');
  if (query.from) q.where('at', '>=', `${query.from}T00:00:00+08:00`);
  if (query.to) q.where('at', '<', db.raw(`(?::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, [query.to]));
  if (query.username) q.whereRaw('lower(username) = lower(?)', [query.username]);
  if (query.action) q.where('action', 'like', like(query.action));
  if (query.result) q.where('result', query.result);
  if (query.q) {
    const p = like(query.q);
    q.where((w) =>
      w
        .where('username', 'ilike', p)
        .orWhere('action', 'ilike', p)
        .orWhere('detail', 'ilike', p)
        .orWhere('object_id', 'ilike', p)
        .orWhere('org_name', 'ilike', p)
        .orWhere('ip', 'ilike', p)
        .orWhereRaw('before::text ilike ?', [p])
        .orWhereRaw('after::text ilike ?', [p]),
    );
  }
  return q;
}

interface AuditRow {
  id: number;
  at: Date;
  username: string | null;
  roles: string[];
  org_name: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before: unknown;
  after: unknown;
  result: string;
  detail: string | null;
}

/** Every field of an entry the auditor sees (hashes stay in the database). */
export function presentAudit(r: AuditRow) {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    username: r.username,
    roles: r.roles ?? [],
    orgName: r.org_name,
    ip: r.ip,
    userAgent: r.user_agent,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    before: r.before ?? null,
    after: r.after ?? null,
    result: r.result,
    detail: r.detail,
  };
}

/** One page of entries, newest first. */
export async function listAudit(db: Db, query: AuditQuery) {
  const { n } = (await filtered(db, query).count({ n: '*' }).first()) as { n: string | number };
  const rows = (await filtered(db, query)
    .orderBy('id', 'desc')
    .offset((query.page - 1) * query.pageSize)
    .limit(query.pageSize)) as AuditRow[];
  return { items: rows.map(presentAudit), total: Number(n), page: query.page, pageSize: query.pageSize };
}

/** The filtered entries as an Excel workbook (at most `limit`, newest first). */
export async function exportAudit(db: Db, query: Omit<AuditQuery, 'page' | 'pageSize'>, limit = 50_000): Promise<{ buffer: Buffer; count: number }> {
  const { default: ExcelJS } = await import('exceljs');
  const rows = (await filtered(db, { ...query, page: 1, pageSize: limit }).orderBy('id', 'desc').limit(limit)) as AuditRow[];
  const wb = new ExcelJS.Workbook();
  wb.creator = '柳州市医疗质控中心管理平台';
  const ws = wb.addWorksheet('审计日志');
  ws.columns = [
    { header: '编号', key: 'id', width: 8 },
    { header: '时间', key: 'at', width: 22 },
    { header: '用户', key: 'username', width: 14 },
    { header: '角色', key: 'roles', width: 18 },
    { header: '机构', key: 'orgName', width: 24 },
    { header: 'IP', key: 'ip', width: 16 },
    { header: '操作', key: 'action', width: 20 },
    { header: '对象类型', key: 'objectType', width: 10 },
    { header: '对象编号', key: 'objectId', width: 10 },
    { header: '结果', key: 'result', width: 8 },
    { header: '说明', key: 'detail', width: 40 },
    { header: '变更前', key: 'before', width: 40 },
    { header: '变更后', key: 'after', width: 40 },
    { header: '浏览器', key: 'userAgent', width: 30 },
  ];
  const resultLabel: Record<string, string> = { success: '成功', failure: '失败', denied: '拒绝' };
  for (const r of rows.map(presentAudit)) {
    ws.addRow({
      ...r,
      at: new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
      roles: r.roles.join(','),
      result: resultLabel[r.result] ?? r.result,
      before: r.before === null ? '' : JSON.stringify(r.before),
      after: r.after === null ? '' : JSON.stringify(r.after),
    });
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), count: rows.length };
}
