import { buildDischargeCsv, buildDischargeInput, buildDischargeInputs, buildDischargeXlsx, tempDir } from '../../../test/factories.js';
import { DISCHARGE_STREAM } from '../../core/discharge-record.js';
import type { AirbyteMessage } from '../../core/protocol.js';
import { MemorySink } from '../../core/sink.js';
import { configureCatalog, runSync } from '../../core/sync.js';
import { FileSource, type FileSourceConfig } from './source.js';

const source = new FileSource();
const files = tempDir();
afterAll(() => files.cleanup());

const config = (path: string, extra: Partial<FileSourceConfig> = {}): FileSourceConfig => ({ path, patientKeySecret: 's3cret', runId: 'run-t', ...extra });

async function read(cfg: FileSourceConfig, state?: Record<string, Record<string, unknown>>): Promise<AirbyteMessage[]> {
  const out: AirbyteMessage[] = [];
  for await (const m of source.read(cfg, configureCatalog(await source.discover()), state)) out.push(m);
  return out;
}

const records = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'RECORD' ? [m.record.data] : []));
const rejects = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'TRACE' && m.trace.type === 'ROW_REJECTED' ? [m.trace.rejected] : []));
const errors = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'TRACE' && m.trace.type === 'ERROR' ? [m.trace.error] : []));
const logs = (ms: AirbyteMessage[], level: string) => ms.flatMap((m) => (m.type === 'LOG' && m.log.level === level ? [m.log.message] : []));
const states = (ms: AirbyteMessage[]) => ms.flatMap((m) => (m.type === 'STATE' ? [m.state.stream.stream_state] : []));

describe('FileSource: spec, check, discover', () => {
  it('announces its config and the discharge stream keyed by record_key', async () => {
    const spec = source.spec();
    expect((spec.connectionSpecification as { required: string[] }).required).toEqual(['path', 'patientKeySecret']);
    const catalog = await source.discover();
    expect(catalog.streams.map((s) => s.name)).toEqual([DISCHARGE_STREAM]);
    expect(catalog.streams[0]!.source_defined_primary_key).toEqual([['record_key']]);
  });

  it('checks that the file exists and its header has the required columns', async () => {
    const good = files.write('check-ok.csv', buildDischargeCsv([buildDischargeInput()]));
    expect(await source.check(config(good))).toEqual({ status: 'SUCCEEDED' });
    expect((await source.check(config(files.dir + '/nope.csv'))).message).toContain('文件不存在');
    const cols = Object.keys(buildDischargeInput()).filter((k) => k !== 'record_no');
    const bad = files.write('check-bad.csv', buildDischargeCsv([buildDischargeInput()], { columns: cols }));
    expect(await source.check(config(bad))).toMatchObject({ status: 'FAILED', message: expect.stringContaining('病案号') });
    expect((await source.check({ path: good } as FileSourceConfig)).message).toContain('patientKeySecret');
  });
});

describe('FileSource: CSV', () => {
  it('reads a UTF-8 file without BOM', async () => {
    const p = files.write('utf8.csv', buildDischargeCsv(buildDischargeInputs(3)));
    const ms = await read(config(p));
    expect(records(ms)).toHaveLength(3);
    expect(records(ms)[0]).toMatchObject({ record_key: '450201001|BA000001|1', main_diag_name: '急性前壁心肌梗死', _row_number: 2, _run_id: 'run-t', _source: 'file:utf8.csv' });
    expect(logs(ms, 'INFO')[0]).toContain('UTF-8');
  });

  it('reads a UTF-8 file with BOM and a GB18030 file with BOM', async () => {
    for (const [name, encoding] of [
      ['utf8-bom.csv', 'utf-8'],
      ['gb-bom.csv', 'gb18030'],
    ] as const) {
      const p = files.write(name, buildDischargeCsv(buildDischargeInputs(2), { encoding, bom: true }));
      const ms = await read(config(p));
      expect(errors(ms)).toEqual([]);
      expect(records(ms).map((r) => r.admit_dept)).toEqual(['心血管内科', '心血管内科']);
    }
  });

  it('detects GB18030 without BOM, CRLF line ends and quoted fields with commas and line breaks', async () => {
    const rows = buildDischargeInputs(2);
    rows[1]!.main_diag_name = '肺炎，"重症",伴\r\n呼吸衰竭';
    const p = files.write('gb.csv', buildDischargeCsv(rows, { encoding: 'gb18030', eol: '\r\n' }));
    const ms = await read(config(p));
    expect(logs(ms, 'INFO')[0]).toContain('GB18030');
    expect(records(ms)[1]!.main_diag_name).toBe('肺炎，"重症",伴\r\n呼吸衰竭');
    expect(states(ms)[0]).toMatchObject({ encoding: 'gb18030', format: 'csv', rows: 2 });
  });

  it('accepts columns in any order, warns once about unknown columns and never emits personal data', async () => {
    const cols = [...Object.keys(buildDischargeInput())].reverse();
    cols.splice(3, 0, '备注');
    const rows = buildDischargeInputs(3).map((r) => ({ ...r, 备注: '随访' }));
    const p = files.write('shuffled.csv', buildDischargeCsv(rows, { columns: cols }));
    const ms = await read(config(p));
    expect(records(ms)).toHaveLength(3);
    expect(logs(ms, 'WARN')).toEqual(['以下列不属于病案首页格式，已忽略：备注']);
    const text = JSON.stringify(records(ms));
    expect(text).not.toContain('张三');
    expect(text).not.toContain('4502011980010');
  });

  it('refuses a file whose header lacks required columns, naming them', async () => {
    const cols = Object.keys(buildDischargeInput()).filter((k) => k !== 'org_code' && k !== 'discharge_time');
    const p = files.write('missing.csv', buildDischargeCsv(buildDischargeInputs(2), { columns: cols }));
    const ms = await read(config(p));
    expect(records(ms)).toEqual([]);
    expect(errors(ms)).toHaveLength(1);
    expect(errors(ms)[0]).toMatchObject({ failure_type: 'config_error' });
    expect(errors(ms)[0]!.message).toContain('缺少必填列：医疗机构代码、出院时间');
  });

  it('rejects broken rows with their row numbers (header = row 1) and loads the rest', async () => {
    const rows = buildDischargeInputs(4);
    rows[1]!.discharge_time = '2023-01-01 10:00'; // row 3: before admission
    rows[2]!.sex = '7'; // row 4
    const p = files.write('broken.csv', buildDischargeCsv(rows, { rawLines: ['450201001,too,few', ''] }));
    const ms = await read(config(p));
    expect(records(ms).map((r) => r._row_number)).toEqual([2, 5]);
    expect(rejects(ms)).toEqual([
      { stream: DISCHARGE_STREAM, row: 3, field: '出院时间', message: '出院时间 早于入院时间' },
      { stream: DISCHARGE_STREAM, row: 4, field: '性别', message: expect.stringContaining('性别 代码“7”不在值域内') },
      { stream: DISCHARGE_STREAM, row: 6, field: '整行', message: expect.stringMatching(/列数与表头不一致：表头 \d+ 列，本行 3 列/) },
    ]);
  });

  it('numbers rows after a quoted line break and a blank line as a spreadsheet would', async () => {
    const rows = buildDischargeInputs(3);
    rows[0]!.main_diag_name = '第一行\n第二行';
    const csv = buildDischargeCsv(rows).toString('utf8').split('\n');
    // header, row 2 spans two lines, then a blank line (row 3 in a spreadsheet), then rows 4 and 5
    csv.splice(3, 0, '');
    const p = files.write('numbering.csv', csv.join('\n'));
    const ms = await read(config(p));
    expect(records(ms).map((r) => r._row_number)).toEqual([2, 4, 5]);
    expect(logs(ms, 'INFO').some((l) => l.includes('跳过空行 1 行'))).toBe(true);
  });

  it('rejects an unclosed quote as one broken row and keeps the rows before it', async () => {
    const p = files.write('quote.csv', buildDischargeCsv(buildDischargeInputs(2), { rawLines: ['"450201001,BA9,1'] }));
    const ms = await read(config(p));
    expect(records(ms)).toHaveLength(2);
    expect(rejects(ms)).toEqual([{ stream: DISCHARGE_STREAM, row: 4, field: '整行', message: expect.stringContaining('引号未闭合') }]);
  });

  it('rejects rows of another hospital when the uploading hospital is given', async () => {
    const rows = buildDischargeInputs(2);
    rows[1]!.org_code = '450201999';
    const p = files.write('org.csv', buildDischargeCsv(rows));
    const ms = await read(config(p, { orgCode: '450201001' }));
    expect(records(ms)).toHaveLength(1);
    expect(rejects(ms)[0]).toMatchObject({ row: 3, field: '医疗机构代码' });
  });

  it('ends with the file SHA-256 and size as state, and says so when the same file comes again', async () => {
    const p = files.write('state.csv', buildDischargeCsv(buildDischargeInputs(2)));
    const first = await read(config(p));
    const st = states(first)[0]!;
    expect(st.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(st.size).toBeGreaterThan(0);
    const again = await read(config(p), { [DISCHARGE_STREAM]: st });
    expect(records(again)).toHaveLength(2);
    expect(logs(again, 'INFO').some((l) => l.includes('与上次读取的文件相同'))).toBe(true);
  });

  it('refuses missing, empty and .xls files; accepts a header-only file as config errors', async () => {
    expect(errors(await read(config(files.dir + '/absent.csv')))[0]!.message).toContain('文件不存在');
    expect(errors(await read(config(files.write('empty.csv', ''))))[0]!.message).toContain('文件为空');
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expect(errors(await read(config(files.write('old.xls', xls))))[0]!.message).toContain('.xls');
    const headerOnly = await read(config(files.write('header-only.csv', buildDischargeCsv([]))));
    expect(errors(headerOnly)).toEqual([]);
    expect(logs(headerOnly, 'WARN')).toContain('文件只有表头，没有数据行');
  });
});

describe('FileSource: XLSX', () => {
  it('reads the first sheet with Chinese headers, date cells and numeric cells', async () => {
    const rows = buildDischargeInputs(3).map((r, i) => ({
      ...r,
      org_code: 450201001,
      admission_seq: 1,
      age: 44,
      total_cost: 1000.5 + i,
      self_pay_cost: 10,
      birth_date: new Date(Date.UTC(1980, 0, 1)),
      admit_time: new Date(Date.UTC(2024, 2, 1 + i, 8, 30)),
      discharge_time: new Date(Date.UTC(2024, 2, 3 + i, 16, 0)),
      op_date_1: new Date(Date.UTC(2024, 2, 2 + i, 10, 0)),
      los_days: 2,
    }));
    const p = files.write('book.xlsx', await buildDischargeXlsx(rows));
    const ms = await read(config(p));
    expect(errors(ms)).toEqual([]);
    expect(rejects(ms)).toEqual([]);
    const out = records(ms);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatchObject({
      org_code: '450201001',
      record_key: '450201001|BA000001|1',
      admit_time: new Date(Date.UTC(2024, 2, 1, 8, 30)),
      birth_date: new Date(Date.UTC(1980, 0, 1)),
      total_cost: 1000.5,
      _row_number: 2,
    });
    expect(states(ms)[0]).toMatchObject({ format: 'xlsx', rows: 3 });
  });

  it('detects XLSX from content whatever the file is called, and rejects bad cells with row numbers', async () => {
    const rows = buildDischargeInputs(3);
    rows[2]!.los_days = '0';
    const p = files.write('upload.bin', await buildDischargeXlsx(rows));
    const ms = await read(config(p));
    expect(records(ms)).toHaveLength(2);
    expect(rejects(ms)).toEqual([{ stream: DISCHARGE_STREAM, row: 4, field: '实际住院(天)', message: '实际住院(天) 应不小于 1，实为 0' }]);
  });

  it('refuses an XLSX whose header lacks a required column', async () => {
    const cols = Object.keys(buildDischargeInput()).filter((k) => k !== 'main_diag_code');
    const p = files.write('missing.xlsx', await buildDischargeXlsx(buildDischargeInputs(1), cols));
    expect(errors(await read(config(p)))[0]!.message).toContain('缺少必填列：主要诊断编码');
  });
});

describe('FileSource through runSync', () => {
  it('settles every row: read = loaded + rejected', async () => {
    const rows = buildDischargeInputs(10);
    rows[4]!.age = 'abc';
    const p = files.write('sync.csv', buildDischargeCsv(rows, { rawLines: ['x,y'] }));
    const sink = new MemorySink();
    const result = await runSync({ connector: source, config: config(p), sink, batchSize: 4 });
    expect(result).toMatchObject({ status: 'partial', rowsRead: 11, rowsLoaded: 9, rowsRejected: 2 });
    expect(result.rejects.map((r) => r.row)).toEqual([6, 12]);
    expect(result.state[DISCHARGE_STREAM]).toMatchObject({ rows: 11 });
  });
});
