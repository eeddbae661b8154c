import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { ValidationError } from '../../errors.js';
import { inspectFile } from '../../security/uploads.js';
import {
  createConnection,
  getConnection,
  getRun,
  listConnections,
  listRuns,
  queueConnectionRun,
  queueFileRun,
  rejectsWorkbook,
  updateConnection,
  uploadTarget,
  type ConnectionInput,
  type RunListQuery,
} from '../../services/ingest-service.js';
import { templateWorkbook } from '../../services/ingest-template.js';
import { idParam, paging, text } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const runId = Joi.object({ runId: Joi.string().guid().required().label('运行编号') });
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

const connectionFields = {
  name: text('连接名称', 60).min(1),
  kind: Joi.string().valid('file_drop', 'his_db', 'bigdata_api', 'ops_db').label('连接类型'),
  orgCode: Joi.string().trim().max(40).allow(null, '').label('机构'),
  config: Joi.object().max(30).unknown(true).label('连接配置'),
  schedule: Joi.string()
    .trim()
    .pattern(/^[0-9*/,\- ]{9,60}$/, { name: 'cron 表达式（如 0 2 * * *）' })
    .allow(null, '')
    .label('计划'),
  enabled: Joi.boolean().label('启用'),
};

/** Hooks the routes need from the platform: the worker's schedule view and a nudge after queueing. */
export interface IngestHooks {
  nextRun(schedule: string | null): string | null;
  /** Scans a drop folder now; the queued run ids. */
  scanDropFolder(connectionId: number, createdBy: number): Promise<string[]>;
  runQueued(): void;
  schedulesChanged(): Promise<void>;
}

/** 数据接入: uploads, runs, their rejects, the template, connections. */
export function ingestRoutes(deps: RouteDeps, hooks: IngestHooks): ServerRoute[] {
  const uploadDir = path.join(deps.config.dataDir, 'uploads');
  fs.mkdirSync(uploadDir, { recursive: true });
  return [
    {
      method: 'POST',
      path: '/api/ingest/uploads',
      options: {
        tags: ['api', 'ingest'],
        description: '上传病案首页文件（CSV：UTF-8 或 GB18030；XLSX），排队入库，返回运行编号',
        plugins: { qc: { permission: 'ingest:upload' }, 'hapi-swagger': { payloadType: 'form' } },
        payload: {
          output: 'file',
          parse: true,
          multipart: { output: 'file' },
          maxBytes: MAX_UPLOAD_BYTES,
          uploads: uploadDir,
          timeout: false,
        },
        validate: {
          payload: Joi.object({
            file: Joi.object({ filename: Joi.string().max(300).allow(''), path: Joi.string(), bytes: Joi.number(), headers: Joi.object().unknown(true) })
              .unknown(true)
              .required()
              .label('文件'),
            kind: Joi.string().valid('discharge_records').required().label('数据类型'),
            org: Joi.string().trim().max(40).required().label('机构'),
          }),
        },
      },
      handler: async (request, h) => {
        const { file, org } = request.payload as { file: { filename: string; path: string; bytes: number }; org: string };
        try {
          const checked = await inspectFile(file.path, file.filename || 'upload', ['csv', 'xlsx'], MAX_UPLOAD_BYTES);
          const sha256 = checked.sha256;
          const id = await withActor(request, deps, async ({ trx, actor, audit }) => {
            const target = await uploadTarget(trx, actor, org);
            const stored = path.join(uploadDir, `${crypto.randomUUID()}.${checked.kind}`);
            fs.renameSync(file.path, stored);
            const queued = await queueFileRun(trx, { orgId: target.id, trigger: 'upload', fileName: checked.name, filePath: stored, sha256, createdBy: actor.userId });
            audit({ action: 'ingest.upload', objectType: 'ingest_run', objectId: queued, detail: `${checked.name}（${file.bytes} 字节，SHA-256 ${sha256.slice(0, 16)}…）→ ${target.code}` });
            return queued;
          });
          hooks.runQueued();
          return h.response({ runId: id }).code(202);
        } finally {
          fs.rmSync(file.path, { force: true });
        }
      },
    },
    {
      method: 'GET',
      path: '/api/ingest/runs/{runId}',
      options: {
        tags: ['api', 'ingest'],
        description: '一次入库运行的状态、行数和拒收明细（前 1000 条）',
        plugins: { qc: { permission: 'ingest:read' } },
        validate: { params: runId },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => getRun(trx, actor, (request.params as { runId: string }).runId)),
    },
    {
      method: 'GET',
      path: '/api/ingest/runs',
      options: {
        tags: ['api', 'ingest'],
        description: '入库运行记录',
        plugins: { qc: { permission: 'ingest:read' } },
        validate: {
          query: Joi.object({
            org: Joi.string().trim().max(40).label('机构'),
            status: Joi.string().valid('queued', 'running', 'succeeded', 'partial', 'failed').label('状态'),
            connectionId: Joi.number().integer().min(1).label('连接'),
            ...paging,
          }),
        },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => listRuns(trx, actor, request.query as unknown as RunListQuery)),
    },
    {
      method: 'GET',
      path: '/api/ingest/runs/{runId}/rejects.xlsx',
      options: {
        tags: ['api', 'ingest'],
        description: '下载拒收明细（Excel）',
        plugins: { qc: { permission: 'ingest:read' } },
        validate: { params: runId },
      },
      handler: async (request, h) => {
        const id = (request.params as { runId: string }).runId;
        const buffer = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const out = await rejectsWorkbook(trx, actor, id);
          audit({ action: 'ingest.rejects_download', objectType: 'ingest_run', objectId: id });
          return out;
        });
        return h.response(buffer).type(xlsx).header('content-disposition', attachment(`拒收明细-${id.slice(0, 8)}.xlsx`));
      },
    },
    {
      method: 'GET',
      path: '/api/ingest/template.xlsx',
      options: { tags: ['api', 'ingest'], description: '病案首页上传模板（中文表头与字段说明）', plugins: { qc: { permission: 'ingest:upload' } } },
      handler: async (_request, h) => h.response(await templateWorkbook()).type(xlsx).header('content-disposition', attachment('住院病案首页上传模板.xlsx')),
    },
    {
      method: 'GET',
      path: '/api/ingest/connections',
      options: { tags: ['api', 'ingest'], description: '数据连接（计划、状态、上次运行）', plugins: { qc: { permission: 'ingest:read' } } },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => listConnections(trx, actor, hooks.nextRun)),
    },
    {
      method: 'POST',
      path: '/api/ingest/connections',
      options: {
        tags: ['api', 'ingest'],
        description: '新建数据连接',
        plugins: { qc: { permission: 'ingest:manage' } },
        validate: {
          payload: Joi.object({ ...connectionFields, name: connectionFields.name.required(), kind: connectionFields.kind.required() }).label('ConnectionCreate'),
        },
      },
      handler: async (request, h) => {
        const created = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const c = await createConnection(trx, actor, request.payload as never, deps.cipher, hooks.nextRun);
          audit({ action: 'ingest.connection_create', objectType: 'ingest_connection', objectId: c.id, after: c });
          return c;
        });
        await hooks.schedulesChanged();
        return h.response(created).code(201);
      },
    },
    {
      method: 'PATCH',
      path: '/api/ingest/connections/{id}',
      options: {
        tags: ['api', 'ingest'],
        description: '编辑数据连接',
        plugins: { qc: { permission: 'ingest:manage' } },
        validate: { params: idParam, payload: Joi.object(connectionFields).min(1).label('ConnectionUpdate') },
      },
      handler: async (request) => {
        const updated = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const id = (request.params as { id: number }).id;
          const c = await updateConnection(trx, actor, id, request.payload as ConnectionInput, deps.cipher, hooks.nextRun);
          audit({ action: 'ingest.connection_update', objectType: 'ingest_connection', objectId: id, after: c });
          return c;
        });
        await hooks.schedulesChanged();
        return updated;
      },
    },
    {
      method: 'POST',
      path: '/api/ingest/connections/{id}/run',
      options: {
        tags: ['api', 'ingest'],
        description: '立即运行一个数据连接',
        plugins: { qc: { permission: 'ingest:manage' } },
        validate: { params: idParam },
      },
      handler: async (request, h) => {
        const id = (request.params as { id: number }).id;
        const c = await withActor(request, deps, ({ trx, actor }) => getConnection(trx, actor, id));
        if (c.kind === 'file_drop') {
          const runs = await hooks.scanDropFolder(id, (request.auth.credentials as unknown as { userId: number }).userId);
          await withActor(request, deps, async ({ audit }) => audit({ action: 'ingest.connection_run', objectType: 'ingest_connection', objectId: id, detail: `扫描目录，新文件 ${runs.length} 个` }));
          if (!runs.length) throw new ValidationError('目录中没有新的文件', [{ field: 'id', message: '没有新文件' }]);
          return h.response({ runId: runs[0], runIds: runs }).code(202);
        }
        const queued = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const run = await queueConnectionRun(trx, { id: Number(c.id), org_id: c.org_id }, 'manual', actor.userId);
          if (!run) throw new ValidationError('该连接已有排队中的运行', [{ field: 'id', message: '已有排队中的运行' }]);
          audit({ action: 'ingest.connection_run', objectType: 'ingest_connection', objectId: id, detail: `运行 ${run}` });
          return run;
        });
        hooks.runQueued();
        return h.response({ runId: queued }).code(202);
      },
    },
  ];
}
