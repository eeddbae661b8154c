/**
 * Shapes of the ops-api responses, copied from docs/api.md.
 * When ops-api publishes its contracts, replace these with `import type` from there.
 */

export type OrgKind = 'commission' | 'qc_center' | 'hospital' | 'department';

export interface OrgRef {
  id: number;
  code: string;
  name: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  org: OrgRef & { kind: OrgKind };
  roles: { code: string; name: string }[];
  permissions: string[];
  /** First login, or the password was reset or has expired: only /api/auth/* works until it is changed. */
  mustChangePassword: boolean;
  passwordExpiresAt: string | null;
  totpEnabled: boolean;
  /** One of the user's roles is in the policy's `totpRequiredRoles`. */
  totpRequired: boolean;
}

/** What the server wants done before the session may use anything beyond /api/auth/*. */
export type LoginNext = 'change_password' | 'enroll_totp';

/** Body of POST /api/auth/login. */
export interface LoginRequest {
  username: string;
  password: string;
  captchaId?: string;
  captcha?: string;
  totp?: string;
}

/** Answer of POST /api/auth/login. */
export interface LoginResponse {
  user: Me;
  next: LoginNext | null;
}

/** GET /api/auth/captcha: valid 5 minutes, once. */
export interface Captcha {
  captchaId: string;
  /** `data:image/svg+xml;base64,…` */
  image: string;
}

/** POST /api/auth/totp/setup: a pending secret, active only once a code from it is accepted. */
export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** One of the signed-in user's own sessions (GET /api/auth/sessions). */
export interface SessionInfo {
  id: string | number;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  current: boolean;
}

export type PermissionDomain = 'business' | 'system' | 'security' | 'audit';

/** GET /api/permissions. */
export interface Permission {
  code: string;
  name: string;
  /** Heading in the role editor, e.g. 机构管理. */
  group: string;
  domain: PermissionDomain;
}

/** GET /api/security/policy; PUT takes every field. */
export interface SecurityPolicy {
  passwordMinLength: number;
  passwordMinClasses: number;
  passwordMaxAgeDays: number;
  passwordHistory: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  captchaAfterFailures: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  totpRequiredRoles: string[];
  auditRetentionDays: number;
}

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  id: number;
  at: string;
  username: string | null;
  roles: string[];
  orgName: string | null;
  ip: string | null;
  userAgent: string | null;
  /** e.g. auth.login, user.create, personal.unmask */
  action: string;
  objectType: string | null;
  objectId: string | null;
  /** Personal fields arrive masked. */
  before: object | null;
  after: object | null;
  result: AuditResult;
  detail: string | null;
}

/** GET /api/audit/verify: the hash chain checked from the first entry on. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken: { id: number; at: string; reason: string } | null;
}

/** GET /api/users/{id}/contact: in clear, and audited. */
export interface UserContact {
  phone: string | null;
  email: string | null;
}

export interface OrgNode {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  children: OrgNode[];
}

export type QcCenterLevel = '国家级' | '省级' | '市级' | '县级';
export type QcCenterCategory = '临床' | '医技' | '管理';

export interface Org {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  parentId: number | null;
  parentName: string | null;
  status: 'active' | 'inactive';
  level: QcCenterLevel | null;
  category: QcCenterCategory | null;
  specialty: string | null;
  hostHospitalId: number | null;
  hostHospitalName: string | null;
  directorName: string | null;
  termStart: string | null;
  termEnd: string | null;
  tier: string | null;
  type: string | null;
  ownership: string | null;
  district: string | null;
  address: string | null;
  /** Masked by the server (138****1234); never send it back unchanged. */
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrgDetail extends Org {
  supervisedHospitals: OrgRef[];
  supervisingCenters: OrgRef[];
  departments: OrgRef[];
  userCount: number;
}

export interface Role {
  code: string;
  name: string;
  description: string;
  /** Shipped with the platform: cannot be deleted. */
  builtin: boolean;
  permissions: string[];
  /** How many users hold the role; only a role nobody holds can be deleted. */
  userCount: number;
}

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: number;
  username: string;
  displayName: string;
  status: UserStatus;
  org: OrgRef & { kind: OrgKind };
  roles: { code: string; name: string }[];
  /** Masked by the server; never send it back unchanged. */
  phone: string | null;
  email: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StatsOverview {
  qcCenters: number;
  hospitals: number;
  departments: number;
  users: number;
  activeUsers: number;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The one error shape every ops-api route answers with. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** What a file or connection delivers; only 病案首页 so far. */
export type IngestKind = 'discharge_records';

/** queued and running are still moving; the other three are final. */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

/** How a run was started: a file upload, the command line, the schedule or 立即运行. */
export type RunTrigger = 'upload' | 'cli' | 'schedule' | 'manual';

/** One rejected source row: its row number, the field at fault and the Chinese reason. */
export interface RunReject {
  row: number;
  field: string;
  message: string;
}

/** A run as GET /api/ingest/runs lists it (without `rejects`). */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  kind: IngestKind;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  org: { code: string; name: string } | null;
  connection: { id: number; name: string } | null;
  trigger: RunTrigger;
  fileName: string | null;
  createdBy: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

/** GET /api/ingest/runs/{runId}: the run with its first 1000 rejects (all of them in rejects.xlsx). */
export interface Run extends RunSummary {
  rejects: RunReject[];
}

/** POST /api/ingest/uploads and POST /api/ingest/connections/{id}/run answer 202 with the new run. */
export interface RunStarted {
  runId: string;
}

export type ConnectionKind = 'file_drop' | 'his_db' | 'bigdata_api' | 'ops_db';

/** A configured source (GET /api/ingest/connections). */
export interface Connection {
  id: number;
  name: string;
  kind: ConnectionKind;
  org: { code: string; name: string } | null;
  /** Secrets (passwords, tokens) arrive as "******"; never send them back unchanged. */
  config: Record<string, unknown>;
  /** Five-field cron in Asia/Shanghai, e.g. "0 2 * * *"; null runs only by hand. */
  schedule: string | null;
  enabled: boolean;
  lastRun: RunSummary | null;
  nextRunAt: string | null;
}
