import fs from 'node:fs';
import path from 'node:path';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { inspectFile } from '../../security/uploads.js';
import type { Actor } from '../../services/context.js';
import { listNotifications, markNotificationRead } from '../../services/notification-service.js';
import { importFilledTemplate, reportTemplateWorkbook } from '../../services/reporting-excel.js';
import { archiveForm, createForm, getForm, getVisibleForm, listForms, publishForm, updateForm, type FormInput, type FormListQuery } from '../../services/reporting-forms.js';
import { parsePeriod, shanghaiDate, type PeriodGrain } from '../../services/reporting-periods.js';
import { getTask, listTasks, reviewTask, saveDraft, submitTask, validateTask, findTaskToFill, type TaskListQuery } from '../../services/reporting-tasks.js';
import { syncApprovedSubmissions } from '../../services/reporting-warehouse.js';
import type { ReportValues } from '../../services/reporting-validation.js';
import { idParam } from '../common.js';
import { withActor, type RouteDeps } from '../deps.js';
import {
  formListQuery,
  formPayload,
  notificationQuery,
  publishPayload,
  reviewPayload,
  taskListQuery,
  templateQuery,
  valuesPayload,
} from './schemas.js';

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
const FILL = 'report:fill';
const MANAGE = 'report:manage';
const REVIEW = 'report:review';
const tags = ['api', 'reporting'];
const id = (request: { params: unknown }) => (request.params as { id: number }).id;

/** 数据上报: forms (design, publish), tasks (fill, validate, submit, review, history), Excel, notifications. */
export function reportingRoutes(deps: RouteDeps): ServerRoute[] {
  const uploadDir = path.join(deps.config.dataDir, 'uploads');
  fs.mkdirSync(uploadDir, { recursive: true });
  return [
    {
      method: 'GET',
      path: '/api/reporting/forms',
      options: { tags, description: '上报表单列表（中心看本中心的，市卫健委看全部）', plugins: { qc: { permission: MANAGE } }, validate: { query: formListQuery } },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => listForms(trx, actor, request.query as unknown as FormListQuery)),
    },
    {
      method: 'POST',
      path: '/api/reporting/forms',
      options: { tags, description: '新建上报表单（草稿）：字段、校验规则、医疗机构', plugins: { qc: { permission: MANAGE } }, validate: { payload: formPayload } },
      handler: async (request, h) => {
        const form = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const created = await createForm(trx, actor, request.payload as FormInput);
          audit({ action: 'report.form_create', objectType: 'report_form', objectId: created.id, after: { code: created.code, name: created.name } });
          return created;
        });
        return h.response(form).code(201);
      },
    },
    {
      method: 'GET',
      path: '/api/reporting/forms/{id}',
      options: { tags, description: '上报表单详情', plugins: { qc: { permission: MANAGE } }, validate: { params: idParam } },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => getForm(trx, actor, id(request))),
    },
    {
      method: 'PUT',
      path: '/api/reporting/forms/{id}',
      options: { tags, description: '修改上报表单（仅草稿）', plugins: { qc: { permission: MANAGE } }, validate: { params: idParam, payload: formPayload } },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const form = await updateForm(trx, actor, id(request), request.payload as FormInput);
          audit({ action: 'report.form_update', objectType: 'report_form', objectId: form.id, after: { code: form.code, name: form.name } });
          return form;
        }),
    },
    {
      method: 'POST',
      path: '/api/reporting/forms/{id}/publish',
      options: { tags, description: '发布表单并为每家医疗机构 × 期间生成上报任务', plugins: { qc: { permission: MANAGE } }, validate: { params: idParam, payload: publishPayload } },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const { periods } = request.payload as { periods: string[] };
          const out = await publishForm(trx, actor, id(request), periods);
          audit({ action: 'report.form_publish', objectType: 'report_form', objectId: id(request), detail: `期间 ${out.periods.join('、')}，新任务 ${out.created} 个` });
          return out;
        }),
    },
    {
      method: 'POST',
      path: '/api/reporting/forms/{id}/archive',
      options: { tags, description: '归档表单（不再下发；已有任务与历史保留）', plugins: { qc: { permission: MANAGE } }, validate: { params: idParam } },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const form = await archiveForm(trx, actor, id(request));
          audit({ action: 'report.form_archive', objectType: 'report_form', objectId: form.id });
          return form;
        }),
    },
    {
      method: 'GET',
      path: '/api/reporting/forms/{id}/template.xlsx',
      options: {
        tags,
        description: '下载表单的 Excel 填报模板（每个字段一行；给出 period 时带上本院已填的数值）',
        plugins: { qc: { permission: [FILL, MANAGE, REVIEW] } },
        validate: { params: idParam, query: templateQuery },
      },
      handler: async (request, h) => {
        const { period, hospital } = request.query as { period?: string; hospital?: string };
        const { buffer, code } = await withActor(request, deps, async ({ trx, actor }) => {
          const { form, fields } = await getVisibleForm(trx, actor, id(request));
          const label = period ? (parsePeriod(form.period_grain as PeriodGrain, period)?.label ?? period) : null;
          const org = await templateHospital(trx, actor, hospital);
          const task = label && org ? await findTaskToFill(trx, actor, Number(form.id), label, org.code) : undefined;
          const values = task?.current_submission_id
            ? ((await trx('report_submissions').where('id', task.current_submission_id).first('values')) as { values: ReportValues } | undefined)?.values
            : undefined;
          return { code: form.code, buffer: await reportTemplateWorkbook(form, fields, { periodLabel: label, hospital: org, ...(values ? { values } : {}) }) };
        });
        return h.response(buffer).type(xlsx).header('content-disposition', attachment(`上报模板-${code}${period ? `-${period}` : ''}.xlsx`));
      },
    },
    {
      method: 'GET',
      path: '/api/reporting/tasks',
      options: {
        tags,
        description: '上报任务（医院看本院的，质控中心看本中心表单的，市卫健委看全部）；含逾期与剩余天数',
        plugins: { qc: { permission: [FILL, REVIEW, MANAGE] } },
        validate: { query: taskListQuery },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => listTasks(trx, actor, request.query as unknown as TaskListQuery, shanghaiDate())),
    },
    {
      method: 'GET',
      path: '/api/reporting/tasks/{id}',
      options: { tags, description: '上报任务详情：字段、规则、当前数值、历史版本', plugins: { qc: { permission: [FILL, REVIEW, MANAGE] } }, validate: { params: idParam } },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => getTask(trx, actor, id(request), shanghaiDate())),
    },
    {
      method: 'PUT',
      path: '/api/reporting/tasks/{id}/draft',
      options: { tags, description: '保存草稿（不提交）；返回校验结果', plugins: { qc: { permission: FILL } }, validate: { params: idParam, payload: valuesPayload } },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const out = await saveDraft(trx, actor, id(request), (request.payload as { values: Record<string, unknown> }).values, shanghaiDate());
          audit({ action: 'report.draft_save', objectType: 'report_task', objectId: id(request) });
          return out;
        }),
    },
    {
      method: 'POST',
      path: '/api/reporting/tasks/{id}/validate',
      options: {
        tags,
        description: '校验数值（字段类型、必填、范围、表单规则），不保存',
        plugins: { qc: { permission: [FILL, REVIEW] } },
        validate: { params: idParam, payload: valuesPayload },
      },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => validateTask(trx, actor, id(request), (request.payload as { values: Record<string, unknown> }).values)),
    },
    {
      method: 'POST',
      path: '/api/reporting/tasks/{id}/submit',
      options: { tags, description: '提交上报（校验不通过时 400，details.errors 逐项说明）', plugins: { qc: { permission: FILL } }, validate: { params: idParam, payload: valuesPayload } },
      handler: (request) =>
        withActor(request, deps, async ({ trx, actor, audit }) => {
          const task = await submitTask(trx, actor, id(request), (request.payload as { values: Record<string, unknown> }).values, shanghaiDate());
          audit({ action: 'report.submit', objectType: 'report_task', objectId: task.id, detail: `第 ${task.currentVersion} 版` });
          return task;
        }),
    },
    {
      method: 'POST',
      path: '/api/reporting/tasks/{id}/review',
      options: { tags, description: '审核：通过（数值写入数据仓库）或退回（须填写意见）', plugins: { qc: { permission: REVIEW } }, validate: { params: idParam, payload: reviewPayload } },
      handler: async (request) => {
        const { decision, comment } = request.payload as { decision: 'approve' | 'return'; comment?: string | null };
        const out = await withActor(request, deps, async ({ trx, actor, audit }) => {
          const result = await reviewTask(trx, actor, id(request), decision, comment, shanghaiDate());
          audit({
            action: decision === 'approve' ? 'report.approve' : 'report.return',
            objectType: 'report_task',
            objectId: id(request),
            detail: `第 ${result.version} 版${comment ? `：${comment.slice(0, 200)}` : ''}`,
          });
          return result;
        });
        let warehouseSynced = false;
        if (out.approved) {
          // after the commit: a failure here leaves the approval unsynced for the sweep to retry
          try {
            warehouseSynced = (await syncApprovedSubmissions(deps.knex, deps.warehouse, { ids: [out.submissionId] })).submissions > 0;
          } catch (err) {
            deps.logger.warn({ err, submissionId: out.submissionId }, 'approved values not yet in the warehouse; the sweep retries');
          }
        }
        return { ...out.task, warehouseSynced };
      },
    },
    {
      method: 'POST',
      path: '/api/reporting/tasks/import',
      options: {
        tags,
        description: '导入填好的 Excel 模板，写入对应任务的草稿；有问题的单元格逐行说明',
        plugins: { qc: { permission: FILL }, 'hapi-swagger': { payloadType: 'form' } },
        payload: { output: 'file', parse: true, multipart: { output: 'file' }, maxBytes: MAX_IMPORT_BYTES, uploads: uploadDir },
        validate: {
          payload: Joi.object({
            file: Joi.object({ filename: Joi.string().max(300).allow(''), path: Joi.string(), bytes: Joi.number(), headers: Joi.object().unknown(true) })
              .unknown(true)
              .required()
              .label('文件'),
          }),
        },
      },
      handler: async (request) => {
        const { file } = request.payload as { file: { filename: string; path: string } };
        try {
          const checked = await inspectFile(file.path, file.filename || 'upload.xlsx', ['xlsx'], MAX_IMPORT_BYTES);
          const buffer = fs.readFileSync(file.path);
          return await withActor(request, deps, async ({ trx, actor, audit }) => {
            const out = await importFilledTemplate(trx, actor, buffer, shanghaiDate());
            audit({ action: 'report.import', objectType: 'report_task', objectId: out.taskId, detail: checked.name });
            return out;
          });
        } finally {
          fs.rmSync(file.path, { force: true });
        }
      },
    },
    {
      method: 'GET',
      path: '/api/notifications',
      options: { tags, description: '我的通知（最新在前）与未读数', validate: { query: notificationQuery } },
      handler: (request) =>
        withActor(request, deps, ({ trx, actor }) => listNotifications(trx, actor, request.query as unknown as { unread?: boolean; page: number; pageSize: number })),
    },
    {
      method: 'POST',
      path: '/api/notifications/{id}/read',
      options: { tags, description: '标记通知为已读', validate: { params: idParam } },
      handler: (request) => withActor(request, deps, ({ trx, actor }) => markNotificationRead(trx, actor, id(request))),
    },
  ];
}

/** The hospital a template is for: the one asked for (in scope), else the actor's own when it is a hospital. */
async function templateHospital(trx: Parameters<typeof findTaskToFill>[0], actor: Actor, code: string | undefined) {
  const q = trx('organizations').where('kind', 'hospital');
  if (code) q.where('code', code);
  else q.where('id', actor.orgId);
  const org = (await q.first('id', 'code', 'name')) as { id: number; code: string; name: string } | undefined;
  return org ? { code: org.code, name: org.name } : null;
}
