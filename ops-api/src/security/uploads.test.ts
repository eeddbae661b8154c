import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkUpload, sanitizeFileName } from './uploads.js';

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('首页').addRow(['医疗机构代码', '病案号']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32.dll', 'system32.dll'],
    ['报表\u0000.xlsx', '报表_.xlsx'],
    ['.htaccess', 'htaccess'],
    ['a\u202eslx.exe', 'a_slx.exe'],
    ['   ', 'file'],
    ['住院病案首页 2026年1月.csv', '住院病案首页 2026年1月.csv'],
  ])('%s → %s', (input, out) => {
    expect(sanitizeFileName(input)).toBe(out);
  });

  it('keeps names short but keeps the extension', () => {
    const long = sanitizeFileName('长'.repeat(300) + '.xlsx');
    expect(long.length).toBe(120);
    expect(long.endsWith('.xlsx')).toBe(true);
  });
});

describe('checkUpload', () => {
  it('accepts a real XLSX and a GB18030 or UTF-8 CSV', async () => {
    expect((await checkUpload({ name: 'a.xlsx', data: await xlsx() }, ['xlsx', 'csv'], 1e6)).kind).toBe('xlsx');
    const gb = Buffer.from([0xd2, 0xbd, 0xc1, 0xc6, 0xbb, 0xfa, 0xb9, 0xb9, 0x2c, 0x31, 0x0d, 0x0a]); // 医疗机构,1 in GB18030
    expect((await checkUpload({ name: 'b.csv', data: gb }, ['xlsx', 'csv'], 1e6)).kind).toBe('csv');
    expect((await checkUpload({ name: 'c.csv', data: Buffer.from('病案号,性别\n1,2\n') }, ['csv'], 1e6)).kind).toBe('csv');
  });

  it('judges by content, not by name: an executable or a PDF named .xlsx is refused, naming the file', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    await expect(checkUpload({ name: 'report.xlsx', data: exe }, ['xlsx', 'csv'], 1e6)).rejects.toThrow(/report\.xlsx.*exe|report\.xlsx.*无法识别/);
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    await expect(checkUpload({ name: '数据.xlsx', data: pdf }, ['xlsx'], 1e6)).rejects.toThrow(/数据\.xlsx.*pdf/);
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x03]);
    await expect(checkUpload({ name: 'x.csv', data: binary }, ['csv'], 1e6)).rejects.toThrow(/无法识别/);
  });

  it('refuses empty and oversized files', async () => {
    await expect(checkUpload({ name: 'e.csv', data: Buffer.alloc(0) }, ['csv'], 10)).rejects.toThrow(/空文件/);
    await expect(checkUpload({ name: 'big.csv', data: Buffer.alloc(2 * 1024 * 1024, 0x41) }, ['csv'], 1024 * 1024)).rejects.toThrow(/大小上限 1 MB/);
  });
});
