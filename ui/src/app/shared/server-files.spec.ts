import { HttpErrorResponse, HttpHeaders, HttpResponse } from '@angular/common/http';
import { blobErrorMessage, fileNameFromDisposition, saveServerFile } from './server-files';

describe('fileNameFromDisposition', () => {
  it('prefers the RFC 5987 UTF-8 name, so Chinese file names survive', () => {
    const header = `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('审计日志-20260601.xlsx')}`;
    expect(fileNameFromDisposition(header)).toBe('审计日志-20260601.xlsx');
  });

  it('reads a plain quoted or bare name, and gives null without one', () => {
    expect(fileNameFromDisposition('attachment; filename="audit-1.xlsx"')).toBe('audit-1.xlsx');
    expect(fileNameFromDisposition('attachment; filename=audit-2.xlsx')).toBe('audit-2.xlsx');
    expect(fileNameFromDisposition('attachment')).toBeNull();
    expect(fileNameFromDisposition(null)).toBeNull();
  });
});

describe('blobErrorMessage', () => {
  it('reads the Chinese message out of a JSON error that arrived as a Blob', async () => {
    const body = new Blob([JSON.stringify({ code: 'FORBIDDEN', message: '没有导出审计日志的权限' })], {
      type: 'application/json',
    });
    expect(await blobErrorMessage(new HttpErrorResponse({ status: 403, error: body }))).toBe('没有导出审计日志的权限');
  });

  it('falls back to a generic message for a body that is not JSON', async () => {
    const body = new Blob(['<html>bad gateway</html>']);
    expect(await blobErrorMessage(new HttpErrorResponse({ status: 502, error: body }))).toContain('HTTP 502');
  });
});

describe('saveServerFile', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture() {
    const names: string[] = [];
    // jsdom has no object URLs and does not navigate on click; record what would be saved.
    URL.createObjectURL = vi.fn(() => 'blob:test');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    return names;
  }

  it('uses the name the server sent, and the fallback when it sent none', () => {
    const names = capture();
    const named = new HttpHeaders({
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('拒收明细-r1.xlsx')}`,
    });
    saveServerFile(new HttpResponse({ body: new Blob(['x']), headers: named }), 'fallback.xlsx');
    saveServerFile(new HttpResponse({ body: new Blob(['x']) }), 'fallback.xlsx');
    saveServerFile(new HttpResponse<Blob>({ body: null }), 'empty.xlsx');
    expect(names).toEqual(['拒收明细-r1.xlsx', 'fallback.xlsx']);
  });
});
