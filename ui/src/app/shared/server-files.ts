import { HttpErrorResponse, HttpResponse } from '@angular/common/http';
import { toApiError } from '../core/api/api-error';
import { downloadBlob } from './excel-export';

/**
 * The file name in a Content-Disposition header: RFC 5987 `filename*=UTF-8''…` first (Chinese
 * names), then a plain `filename="…"`; null when there is none.
 */
export function fileNameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
    } catch {
      // Fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] ?? plain[1]).trim() || null;
  return null;
}

/** The Chinese message of a failed blob request, whose JSON error body arrives as a Blob. */
export async function blobErrorMessage(error: unknown): Promise<string> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    try {
      const body = JSON.parse(await error.error.text()) as unknown;
      return toApiError(new HttpErrorResponse({ status: error.status, error: body })).message;
    } catch {
      // Not JSON: use the generic message below.
    }
  }
  return toApiError(error).message;
}

/** Saves a file the server built, under the name it sent (Content-Disposition) or `fallbackName`. */
export function saveServerFile(response: HttpResponse<Blob>, fallbackName: string): void {
  const name = fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? fallbackName;
  if (response.body) downloadBlob(response.body, name);
}
