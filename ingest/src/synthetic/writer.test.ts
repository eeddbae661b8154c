import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { SYNTHETIC_FILE_COLUMNS } from './columns.js';
import { generateDischarges } from './generator.js';
import { dischargeCsvChunks, writeDischargeFile, XLSX_MAX_RECORDS, type WriteDischargeFileOptions } from './writer.js';

const BASE = { records: 1500, from: '2024-01', to: '2024-06', seed: 11 } as const;
const HEADERS = SYNTHETIC_FILE_COLUMNS.map((c) => c.header);
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qc-synthetic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const file = (name: string): string => join(dir, name);
const write = (name: string, opts: Partial<WriteDischargeFileOptions> = {}) =>
  writeDischargeFile(file(name), { ...BASE, format: 'csv', ...opts } as WriteDischargeFileOptions);

/** The generated rows as a CSV reader sees them: every value a string, empty for null. */
function expectedCells(opts = BASE): string[][] {
  return [...generateDischarges(opts)].map((r) => SYNTHETIC_FILE_COLUMNS.map((c) => (r[c.key] === null ? '' : String(r[c.key]))));
}

describe('CSV', () => {
  it('writes the same bytes for the same seed and options, other bytes for another seed', async () => {
    const a = await write('a.csv');
    const b = await write('b.csv');
    const c = await write('c.csv', { seed: 12 });
    expect(a.records).toBe(1500);
    expect(a.bytes).toBeGreaterThan(1500 * 200);
    expect(sha(a.path)).toBe(sha(b.path));
    expect(sha(c.path)).not.toBe(sha(a.path));
    expect(existsSync(`${a.path}.partial-${process.pid}`)).toBe(false);
  });

  it('has the Chinese headers and round-trips every value through an RFC 4180 parser', async () => {
    const r = await write('rt.csv');
    const cells = parse(readFileSync(r.path, 'utf8'), { relax_column_count: false }) as string[][];
    expect(cells[0]).toEqual(HEADERS);
    expect(cells.slice(1)).toEqual(expectedCells());
  });

  it('writes GB18030 that decodes back to the same text as the UTF-8 file', async () => {
    const utf8 = await write('u.csv');
    const gb = await write('g.csv', { encoding: 'gb18030' });
    const gbBytes = readFileSync(gb.path);
    expect(gb.encoding).toBe('gb18030');
    expect(gbBytes.equals(readFileSync(utf8.path))).toBe(false);
    expect(iconv.decode(gbBytes, 'gb18030')).toBe(readFileSync(utf8.path, 'utf8'));
    expect(gbBytes.subarray(0, 12)).toEqual(iconv.encode('医疗机构代码', 'gb18030'));
  });

  it('adds a byte-order mark and CRLF line ends on request', async () => {
    const u = readFileSync((await write('bom.csv', { bom: true, crlf: true })).path);
    expect([...u.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = u.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(1500 + 2); // header, rows, and the empty tail
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const g = readFileSync((await write('gbom.csv', { bom: true, encoding: 'gb18030' })).path);
    expect([...g.subarray(0, 4)]).toEqual([0x84, 0x31, 0x95, 0x33]);
    expect(iconv.decode(g.subarray(4), 'gb18030').split('\n')[0]).toBe(HEADERS.join(','));
  });

  it('quotes fields holding commas, quotes or line breaks', () => {
    const row = Object.fromEntries(SYNTHETIC_FILE_COLUMNS.map((c) => [c.key, null])) as Record<string, string | number | null>;
    row.org_code = 'A,1';
    row.patient_name = '王"小"明';
    row.admit_dept = '内科\n二病区';
    row.total_cost = 12.5;
    const text = Buffer.concat([...dischargeCsvChunks([row])]).toString('utf8');
    const cells = parse(text) as string[][];
    expect(cells[1]?.[0]).toBe('A,1');
    expect(cells[1]).toContain('王"小"明');
    expect(cells[1]).toContain('内科\n二病区');
    expect(cells[1]).toContain('12.5');
  });

  it('checks its options before touching the file', async () => {
    await expect(write('bad.csv', { from: 'soon' })).rejects.toThrow(/from/);
    await expect(write('bad.csv', { format: 'pdf' as 'csv' })).rejects.toThrow(/format/);
    await expect(write('bad.csv', { encoding: 'big5' as 'utf-8' })).rejects.toThrow(/encoding/);
    expect(existsSync(file('bad.csv'))).toBe(false);
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    await write('p.csv', { progressEvery: 500, onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([500, 1000, 1500]);
  });
});

describe('XLSX', () => {
  it('writes the header and every record, numbers as numbers, and the same bytes twice', async () => {
    const opts = { ...BASE, records: 400 };
    const a = await writeDischargeFile(file('a.xlsx'), { ...opts, format: 'xlsx' });
    const b = await writeDischargeFile(file('b.xlsx'), { ...opts, format: 'xlsx' });
    expect(a.encoding).toBeNull();
    expect(sha(a.path)).toBe(sha(b.path));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(a.path);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(401);
    const values = (n: number): unknown[] => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(HEADERS);
    const rows = [...generateDischarges(opts)];
    rows.forEach((r, i) => {
      const got = values(i + 2);
      SYNTHETIC_FILE_COLUMNS.forEach((c, j) => expect(got[j] ?? null).toEqual(r[c.key]));
    });
    expect(typeof values(2)[SYNTHETIC_FILE_COLUMNS.findIndex((c) => c.key === 'total_cost')]).toBe('number');
  });

  it('refuses CSV-only options and more rows than a sheet holds', async () => {
    await expect(writeDischargeFile(file('x.xlsx'), { ...BASE, format: 'xlsx', encoding: 'gb18030' })).rejects.toThrow(/CSV only/);
    await expect(writeDischargeFile(file('x.xlsx'), { ...BASE, format: 'xlsx', records: XLSX_MAX_RECORDS + 1 })).rejects.toThrow(/at most/);
    expect(existsSync(file('x.xlsx'))).toBe(false);
  });
});
