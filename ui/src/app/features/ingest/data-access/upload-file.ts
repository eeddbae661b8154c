import { HttpErrorResponse } from '@angular/common/http';
import { fieldErrorsOf, toApiError } from '../../../core/api/api-error';
import { formatBytes } from './ingest-labels';

/** The server's limit for one upload. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** What the upload accepts, for nz-upload's `nzAccept` and the check below. */
export const UPLOAD_ACCEPT = '.csv,.xlsx';

/** Why a picked file cannot be uploaded, in Chinese; null when it can. */
export function uploadFileProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (!/\.(csv|xlsx)$/i.test(file.name)) {
    return `“${file.name}”不是 CSV 或 XLSX 文件；请另存为 .csv 或 .xlsx 后上传（旧版 .xls 不支持）`;
  }
  if (file.size === 0) return `“${file.name}”是空文件，请检查后重新选择`;
  if (file.size > MAX_UPLOAD_BYTES) {
    return `“${file.name}”有 ${formatBytes(file.size)}，超过 200 MB 的上限；请按月份拆分后分别上传`;
  }
  return null;
}

/** The message for a refused upload: the server's, with field details, or what a proxy's 413 means. */
export function uploadErrorMessage(error: unknown): string {
  const details = fieldErrorsOf(error).map((d) => d.message);
  if (details.length) return details.join('；');
  const apiError = toApiError(error);
  if (error instanceof HttpErrorResponse && error.status === 413 && apiError.code === 'HTTP_413') {
    return '文件超过服务器允许的大小（200 MB），请拆分后分别上传';
  }
  return apiError.message;
}
