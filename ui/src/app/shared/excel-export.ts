/** One column of an exported sheet. */
export interface ExcelColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Column width in characters. */
  width?: number;
}

/**
 * Downloads `rows` as an .xlsx with Chinese headers. exceljs is loaded only when someone
 * exports, so it never weighs on the first page load.
 */
export async function exportToExcel<T>(
  fileName: string,
  sheetName: string,
  columns: readonly ExcelColumn<T>[],
  rows: readonly T[],
): Promise<void> {
  const { Workbook } = await loadExcelJs();
  const workbook = new Workbook();
  workbook.creator = '柳州市医疗质控中心管理平台';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) {
    sheet.addRow(columns.map((c) => c.value(row) ?? ''));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  const blob = new Blob([buffer], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  downloadBlob(blob, fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`);
}

/** exceljs ships CommonJS for browsers, so the namespace arrives under `default`. */
async function loadExcelJs(): Promise<typeof import('exceljs')> {
  const mod = (await import('exceljs')) as typeof import('exceljs') & {
    default?: typeof import('exceljs');
  };
  return mod.default ?? mod;
}

/** Saves a blob under `fileName` through a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `YYYYMMDD-HHmm` for file names. */
export function fileStamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}`;
}
