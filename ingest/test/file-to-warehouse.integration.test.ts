/**
 * Whole runs: discharge-record files through the file source and the sync engine into a real DuckDB
 * warehouse (the embedded engine the platform ships with; nothing mocked).
 */
import { DISCHARGE_SPEC, DuckDBClient } from '@qc/warehouse';
import { FileSource, runSync, WarehouseSink, writeDischargeFile, type FileSourceConfig, type SyncResult } from '../src/index.js';
import { buildDischargeCsv, buildDischargeInput, buildDischargeInputs, buildDischargeXlsx, tempDir } from './factories.js';

const files = tempDir();
const source = new FileSource();
let warehouse: DuckDBClient;

beforeEach(async () => {
  warehouse = await DuckDBClient.open({ path: ':memory:' });
});
afterEach(async () => {
  await warehouse.close();
});
afterAll(() => files.cleanup());

const table = `${DISCHARGE_SPEC.schema}.${DISCHARGE_SPEC.name}`;
const config = (path: string, extra: Partial<FileSourceConfig> = {}): FileSourceConfig => ({ path, patientKeySecret: 'it-secret', ...extra });

async function count(): Promise<number> {
  const [row] = await warehouse.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  return row!.n;
}

async function load(path: string, extra: Partial<FileSourceConfig> = {}, batchSize?: number): Promise<SyncResult> {
  return runSync({ connector: source, config: config(path, extra), sink: new WarehouseSink(warehouse), ...(batchSize ? { batchSize } : {}) });
}

/** The acceptance file: GB18030, CRLF, shuffled columns, an unknown column and broken rows. */
function acceptanceFile(): Buffer {
  const rows = buildDischargeInputs(40).map((r, i): Record<string, unknown> => ({ ...r, 备注: i % 2 ? '门诊随访' : '' }));
  rows[4]!.discharge_time = '2023-12-31 09:00'; // row 6: 出院时间 早于入院时间
  rows[9]!.sex = '男'; // row 11: not a code
  rows[14]!.total_cost = ''; // row 16: required
  rows[19]!.op_date_1 = ''; // row 21: op date with op code
  rows[24]!.admit_time = '2024/03/01 08:00'; // row 26: malformed
  rows[29]!.record_no = rows[30]!.record_no; // row 32 repeats row 31's key
  const columns = shuffle([...Object.keys(buildDischargeInput()), '备注']);
  // rows 42 and 43: a row cut short and a row with a stray extra field
  return buildDischargeCsv(rows, { columns, encoding: 'gb18030', eol: '\r\n', rawLines: ['450201001,BA999999,1', `${'x,'.repeat(columns.length)}x`] });
}

/** A fixed permutation (seeded), so the file's column order differs from the format's. */
function shuffle<T>(items: T[]): T[] {
  let seed = 20240301;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('file → runSync → DuckDB', () => {
  it('loads the acceptance file: every row loaded or rejected with row, field and a Chinese reason; a reload changes no count', async () => {
    const path = files.write('acceptance-gb18030.csv', acceptanceFile());

    const first = await load(path, {}, 7);
    expect(first.status).toBe('partial');
    expect(first.rowsRead).toBe(42);
    expect(first.rowsRead).toBe(first.rowsLoaded + first.rowsRejected);
    expect(first.rowsRejected).toBe(8);
    expect(first.rowsLoaded).toBe(34);
    expect([...new Set(first.rejects.map((r) => r.row))].sort((a, b) => a - b)).toEqual([6, 11, 16, 21, 26, 32, 42, 43]);
    for (const r of first.rejects) {
      expect(r.row).toBeGreaterThan(1);
      expect(r.field).not.toBe('');
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(first.rejects).toContainEqual({ row: 6, field: '出院时间', message: '出院时间 早于入院时间' });
    expect(first.rejects).toContainEqual({ row: 21, field: '手术及操作日期1', message: '手术及操作日期1 为必填项（已填手术及操作编码1）' });
    expect(first.rejects.find((r) => r.row === 32)!.message).toContain('与第31行重复');
    expect(await count()).toBe(34);

    // Chinese text survived GB18030 decoding; personal data did not reach the warehouse
    const [sample] = await warehouse.query<Record<string, unknown>>(`SELECT * FROM ${table} WHERE record_no = 'BA000001'`);
    expect(sample).toMatchObject({ org_code: '450201001', admit_dept: '心血管内科', main_diag_name: '急性前壁心肌梗死', admission_seq: 1, _row_number: 2 });
    expect(sample!.patient_key).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(sample!)).not.toContain('patient_name');
    expect(JSON.stringify(await warehouse.query(`SELECT * FROM ${table}`))).not.toContain('张三');

    const again = await load(path, {}, 7);
    expect({ ...again, durationMs: 0, elapsedMs: 0, state: {} }).toEqual({ ...first, durationMs: 0, elapsedMs: 0, state: {} });
    expect(again.state).toEqual(first.state);
    expect(await count()).toBe(34);
  });

  it('loads UTF-8 with and without BOM to the same rows', async () => {
    const rows = buildDischargeInputs(5);
    const plain = await load(files.write('plain.csv', buildDischargeCsv(rows)));
    const withBom = await load(files.write('bom.csv', buildDischargeCsv(rows, { bom: true })));
    expect(plain).toMatchObject({ status: 'succeeded', rowsLoaded: 5 });
    expect(withBom).toMatchObject({ status: 'succeeded', rowsLoaded: 5 });
    expect(await count()).toBe(5);
  });

  it('loads an XLSX with Chinese headers and date cells', async () => {
    const rows = buildDischargeInputs(6).map((r, i): Record<string, unknown> => ({ ...r, admit_time: new Date(Date.UTC(2024, 4, 1 + i, 9)), discharge_time: new Date(Date.UTC(2024, 4, 2 + i, 9)), op_date_1: new Date(Date.UTC(2024, 4, 1 + i, 15)), los_days: 1 }));
    rows[5]!.discharge_method = '8';
    const result = await load(files.write('book.xlsx', await buildDischargeXlsx(rows)));
    expect(result).toMatchObject({ status: 'partial', rowsRead: 6, rowsLoaded: 5, rowsRejected: 1 });
    expect(result.rejects[0]).toMatchObject({ row: 7, field: '离院方式' });
    const [row] = await warehouse.query<{ admit_time: unknown }>(`SELECT admit_time FROM ${table} WHERE record_no = 'BA000001'`);
    expect(String(row!.admit_time)).toContain('2024-05-01');
  });

  it('refuses a file lacking a required column, naming it, and loads nothing', async () => {
    const columns = Object.keys(buildDischargeInput()).filter((k) => k !== 'los_days');
    const result = await load(files.write('no-los.csv', buildDischargeCsv(buildDischargeInputs(3), { columns, encoding: 'gb18030' })));
    expect(result.status).toBe('failed');
    expect(result).toMatchObject({ error: expect.stringContaining('缺少必填列：实际住院(天)'), failureType: 'config_error' });
    expect(result).toMatchObject({ rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 });
  });

  it('loads synthetic files of the 31 hospitals (GB18030 CSV with CRLF, XLSX) without a reject', async () => {
    const csv = await writeDischargeFile(`${files.dir}/synthetic.csv`, { format: 'csv', encoding: 'gb18030', crlf: true, records: 3000, from: '2024-01', to: '2024-12' });
    const xlsx = await writeDischargeFile(`${files.dir}/synthetic.xlsx`, { format: 'xlsx', records: 1000, from: '2025-01', to: '2025-03', seed: 7 });
    const a = await load(csv.path);
    expect(a).toMatchObject({ status: 'succeeded', rowsRead: 3000, rowsLoaded: 3000, rowsRejected: 0 });
    const b = await load(xlsx.path);
    expect(b.rejects).toEqual([]);
    expect(b).toMatchObject({ status: 'succeeded', rowsRead: 1000, rowsLoaded: 1000 });
    expect(await count()).toBe(4000);
  }, 120_000);

  it('loads a 100k-row GB18030 CSV (throughput)', async () => {
    const n = 100_000;
    const { path, bytes } = await writeDischargeFile(`${files.dir}/big-gb18030.csv`, { format: 'csv', encoding: 'gb18030', crlf: true, records: n, from: '2024-01', to: '2024-12' });
    const started = Date.now();
    const result = await load(path);
    const seconds = (Date.now() - started) / 1000;
    expect(result).toMatchObject({ status: 'succeeded', rowsRead: n, rowsLoaded: n, batches: 2 });
    expect(await count()).toBe(n);
    console.log(`file → DuckDB: ${n} rows (${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s = ${Math.round(n / seconds)} rows/s`);
  }, 300_000);
});
