import { ConnectionKind, IngestKind, RunStatus, RunSummary, RunTrigger } from '../../../core/api/models';

export const INGEST_KIND_LABELS: Record<IngestKind, string> = {
  discharge_records: '病案首页',
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: '排队中',
  running: '运行中',
  succeeded: '成功',
  partial: '部分成功',
  failed: '失败',
};

/** nz-tag colours: the preset status colours of Ant Design. */
export const RUN_STATUS_COLORS: Record<RunStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  partial: 'warning',
  failed: 'error',
};

export const RUN_TRIGGER_LABELS: Record<RunTrigger, string> = {
  upload: '网页上传',
  cli: '命令行',
  schedule: '定时',
  manual: '手动运行',
};

export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = {
  his_db: 'HIS数据库',
  bigdata_api: '大数据中心接口',
  file_drop: '文件目录',
  ops_db: '业务库',
};

/** True while the run may still change (queued or running). */
export function isActiveRun(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Where a run's rows came from: its connection, else a file (uploaded, or given on the command line). */
export function runSource(run: RunSummary): string {
  if (run.connection) return run.connection.name;
  if (run.trigger === 'upload') return '文件上传';
  return run.fileName ? '文件导入' : '—';
}

/** `读取 N、入库 N、拒收 N`, the counts as the result and the e2e tests read them. */
export function runCounts(run: Pick<RunSummary, 'rowsRead' | 'rowsLoaded' | 'rowsRejected'>): string {
  return `读取 ${run.rowsRead}、入库 ${run.rowsLoaded}、拒收 ${run.rowsRejected}`;
}

/** A duration for people: `850 毫秒`, `12.3 秒`, `4 分 05 秒`, `1 小时 02 分`; empty for null. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} 毫秒`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} 秒`;
  const totalSeconds = Math.round(ms / 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} 分 ${p(totalSeconds % 60)} 秒`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} 小时 ${p(totalMinutes % 60)} 分`;
}

/** A byte count as `12.5 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
