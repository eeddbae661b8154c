import { Connection, ConnectionKind } from '../../../core/api/models';
import { CreateConnectionPayload, UpdateConnectionPayload } from './ingest-api';
import { SCHEDULE_PRESETS, isValidCron } from './cron-words';

/** How the server shows a secret it keeps (a password, a token, the password inside a URL). */
export const SECRET_MASK = '******';

export type ConfigFieldType = 'text' | 'number' | 'select' | 'secret';

/** One setting of a connection's `config`, as the form asks for it. */
export interface ConfigField {
  key: string;
  label: string;
  type: ConfigFieldType;
  required: boolean;
  placeholder?: string;
  hint?: string;
  options?: readonly { value: string; label: string }[];
  /** Preset for a new connection. */
  initial?: string | number;
  min?: number;
  max?: number;
}

const PAGE_SIZE: ConfigField = {
  key: 'pageSize',
  label: '每批行数',
  type: 'number',
  required: false,
  initial: 1000,
  min: 1,
  max: 100_000,
  hint: '每次读取的行数，默认 1000',
};

/** The settings of each kind of connection, in form order; 业务库 needs none. */
export const CONNECTION_CONFIG_FIELDS: Record<ConnectionKind, readonly ConfigField[]> = {
  his_db: [
    {
      key: 'dialect',
      label: '数据库类型',
      type: 'select',
      required: true,
      initial: 'postgres',
      options: [
        { value: 'postgres', label: 'PostgreSQL' },
        { value: 'mysql', label: 'MySQL / MariaDB' },
      ],
    },
    {
      key: 'url',
      label: '连接地址',
      type: 'text',
      required: true,
      placeholder: 'postgres://用户名:密码@主机:5432/库名',
      hint: '含账号密码；保存后密码以 ****** 显示',
    },
    { key: 'table', label: '表或视图', type: 'text', required: true, placeholder: '如 v_discharge_records' },
    {
      key: 'cursorColumn',
      label: '增量字段',
      type: 'text',
      required: false,
      placeholder: '如 updated_at',
      hint: '按此字段只读取新增或修改的行；留空则每次全量读取',
    },
    PAGE_SIZE,
  ],
  bigdata_api: [
    { key: 'baseUrl', label: '接口地址', type: 'text', required: true, placeholder: 'https://…' },
    { key: 'clientId', label: '客户端 ID', type: 'text', required: true },
    { key: 'clientSecret', label: '客户端密钥', type: 'secret', required: true },
    PAGE_SIZE,
  ],
  file_drop: [
    {
      key: 'directory',
      label: '文件目录',
      type: 'text',
      required: true,
      placeholder: '如 /data/inbox/H001',
      hint: '服务器上的目录；放入其中的 CSV / XLSX 文件会被读取',
    },
  ],
  ops_db: [],
};

/** True when the server masked (part of) this value. */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.includes(SECRET_MASK);
}

/**
 * Whether an empty box means "keep what the server has": the saved value is masked, or the field is
 * a secret the connection already has.
 */
export function keepsSavedValue(field: ConfigField, saved: Record<string, unknown> | null): boolean {
  if (!saved) return false;
  const value = saved[field.key];
  return isMasked(value) || (field.type === 'secret' && value !== undefined && value !== null && value !== '');
}

/** The form's starting values: saved settings, but never a masked one (its box starts empty). */
export function initialConfigValues(
  kind: ConnectionKind,
  saved: Record<string, unknown> | null,
): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const field of CONNECTION_CONFIG_FIELDS[kind]) {
    const value = saved?.[field.key];
    if (keepsSavedValue(field, saved)) values[field.key] = '';
    else if (typeof value === 'string' || typeof value === 'number') values[field.key] = value;
    else values[field.key] = field.initial ?? (field.type === 'number' ? null : '');
  }
  return values;
}

/**
 * The `config` to send: typed values, blanks left out, and a masked or saved secret only when
 * someone typed a new one. Settings the form does not know are kept as the server sent them,
 * unless masked.
 */
export function buildConfig(
  kind: ConnectionKind,
  values: Record<string, unknown>,
  saved: Record<string, unknown> | null,
): Record<string, unknown> {
  const fields = CONNECTION_CONFIG_FIELDS[kind];
  const known = new Set(fields.map((f) => f.key));
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(saved ?? {})) {
    if (!known.has(key) && !isMasked(value)) config[key] = value;
  }
  for (const field of fields) {
    const raw = values[field.key];
    const text = raw === null || raw === undefined ? '' : String(raw).trim();
    if (text === '') continue;
    config[field.key] = field.type === 'number' ? Number(text) : text;
  }
  return config;
}

/** True when `config` would change anything the server has. */
export function configChanged(config: Record<string, unknown>, saved: Record<string, unknown>): boolean {
  return Object.entries(config).some(([key, value]) => JSON.stringify(saved[key]) !== JSON.stringify(value));
}

/** What the connection form holds, schedule resolved and config built. */
export interface ConnectionDraft {
  name: string;
  kind: ConnectionKind;
  orgCode: string | null;
  schedule: string | null;
  enabled: boolean;
  config: Record<string, unknown>;
}

/** Body of POST /api/ingest/connections. */
export function createPayload(draft: ConnectionDraft): CreateConnectionPayload {
  return {
    name: draft.name.trim(),
    kind: draft.kind,
    ...(draft.orgCode ? { orgCode: draft.orgCode } : {}),
    config: draft.config,
    ...(draft.schedule ? { schedule: draft.schedule } : {}),
    enabled: draft.enabled,
  };
}

/** Body of PATCH /api/ingest/connections/{id}: only the fields that changed. */
export function updatePayload(saved: Connection, draft: ConnectionDraft): UpdateConnectionPayload {
  const patch: UpdateConnectionPayload = {};
  const name = draft.name.trim();
  if (name !== saved.name) patch.name = name;
  if (draft.orgCode !== (saved.org?.code ?? null)) patch.orgCode = draft.orgCode;
  if (draft.schedule !== (saved.schedule ? normalizeCron(saved.schedule) : null)) patch.schedule = draft.schedule;
  if (draft.enabled !== saved.enabled) patch.enabled = draft.enabled;
  if (configChanged(draft.config, saved.config)) patch.config = draft.config;
  return patch;
}

/** The schedule select: no schedule, one of the presets (its cron), or a typed expression. */
export const MANUAL_ONLY = 'manual';
export const CUSTOM_SCHEDULE = 'custom';

/** One space between fields, so the same schedule typed twice compares equal. */
export function normalizeCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ');
}

/** Which option of the schedule select a saved schedule is, and the expression for 自定义. */
export function scheduleChoiceOf(schedule: string | null): { choice: string; custom: string } {
  if (!schedule || !schedule.trim()) return { choice: MANUAL_ONLY, custom: '' };
  const cron = normalizeCron(schedule);
  const preset = SCHEDULE_PRESETS.find((p) => p.cron === cron);
  return preset ? { choice: preset.cron, custom: '' } : { choice: CUSTOM_SCHEDULE, custom: cron };
}

/** The schedule to send for a choice of the select (null: only by hand). */
export function scheduleFrom(choice: string, custom: string): string | null {
  if (choice === MANUAL_ONLY) return null;
  if (choice === CUSTOM_SCHEDULE) return isValidCron(custom) ? normalizeCron(custom) : null;
  return choice;
}
