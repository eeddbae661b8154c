/**
 * The file source: a discharge-record file (CSV in UTF-8 / GB18030 / …, or XLSX) → discharge records.
 * Each row becomes a RECORD or, when it breaks the format's rules, ROW_REJECTED messages with its row
 * number; a header without a required column refuses the whole file. State is the file's SHA-256 and
 * size: reading the same file again loads it again, and its rows replace themselves by record_key.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { DISCHARGE_STREAM, dischargeStream, normalizeDischarge, type NormalizeContext } from '../../core/discharge-record.js';
import { errorMessage, logMessage, recordMessage, rejectMessage, stateMessage } from '../../core/messages.js';
import type {
  AirbyteCatalog,
  AirbyteConnectionStatus,
  AirbyteMessage,
  ConfiguredAirbyteCatalog,
  ConnectorSpecification,
  SourceConnector,
} from '../../core/protocol.js';
import { detectEncoding } from './encoding.js';
import { headerScore, mapHeader, type HeaderMap } from './header.js';
import { readCsvRows, readXlsxRows, type TabularRow } from './tabular.js';

export type FileFormat = 'csv' | 'xlsx';

export interface FileSourceConfig {
  /** Path of the file on this machine. */
  path: string;
  /** The name the file was uploaded with, for messages and `_source` (default: the name in `path`). */
  fileName?: string;
  /** The uploading hospital: rows of another 医疗机构代码 are rejected. Absent for city / center uploads. */
  orgCode?: string;
  /** A QC center's upload: its code and the hospitals it supervises; rows of any other hospital are rejected. */
  center?: { code: string; hospitals: string[] };
  /** Detected from the content when absent (a ZIP container is XLSX). */
  format?: FileFormat;
  /** Key of the HMAC that replaces 身份证号 with `patient_key`. */
  patientKeySecret: string;
  /** Stamped on every row as `_run_id` (default: a new UUID per read). */
  runId?: string;
  /** Stamped as `_source` (default `file:<file name>`). */
  sourceName?: string;
}

/** What a file read leaves behind: which file it was. */
export interface FileStreamState {
  sha256: string;
  size: number;
  file: string;
  format: FileFormat;
  encoding?: string;
  rows: number;
}

class ConfigError extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const SAMPLE_BYTES = 1 << 20;

function startsWith(buf: Buffer, magic: number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** SHA-256 of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function validate(config: Partial<FileSourceConfig> | undefined): FileSourceConfig {
  if (!config || typeof config.path !== 'string' || config.path === '') throw new ConfigError('配置缺少 path（文件路径）');
  if (typeof config.patientKeySecret !== 'string' || config.patientKeySecret === '') {
    throw new ConfigError('配置缺少 patientKeySecret（患者标识密钥）');
  }
  if (config.format !== undefined && config.format !== null && config.format !== 'csv' && config.format !== 'xlsx') {
    throw new ConfigError(`format 应为 csv 或 xlsx，实为 ${String(config.format)}`);
  }
  return config as FileSourceConfig;
}

interface OpenedFile {
  format: FileFormat;
  size: number;
  encoding?: string;
  encodingReason?: string;
  rows: () => AsyncGenerator<TabularRow>;
}

/** Detects format and encoding and returns a row reader; throws ConfigError for files we cannot read. */
async function openFile(config: FileSourceConfig): Promise<OpenedFile> {
  let size: number;
  try {
    const s = await stat(config.path);
    if (!s.isFile()) throw new ConfigError(`${config.path} 不是文件`);
    size = s.size;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`无法读取文件 ${config.fileName || basename(config.path)}：${(err as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (err as Error).message}`);
  }
  if (size === 0) throw new ConfigError('文件为空，没有表头');
  const head = await readHead(config.path, Math.min(size, SAMPLE_BYTES));
  if (startsWith(head, OLE_MAGIC)) throw new ConfigError('不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后上传');
  const isZip = startsWith(head, ZIP_MAGIC);
  const format = config.format || (isZip ? 'xlsx' : 'csv');
  if (format === 'xlsx') {
    if (!isZip) throw new ConfigError('文件不是有效的 XLSX（Excel 2007 及以上）文件');
    return { format, size, rows: () => readXlsxRows(config.path) };
  }
  if (isZip) throw new ConfigError('文件是 XLSX/ZIP 压缩格式，不是 CSV');

  const guess = detectEncoding(head, head.length === size);
  // The first line (header) must read as column names: the candidate in which most of them do wins.
  let encoding = guess.candidates[0]!;
  if (guess.candidates.length > 1) {
    let best = -1;
    for (const candidate of guess.candidates) {
      const score = headerScore(firstRecord(head.subarray(guess.bomLength), candidate));
      if (score > best) {
        best = score;
        encoding = candidate;
      }
    }
  }
  const reason = encoding === guess.candidates[0] ? guess.reason : `${guess.reason}；按表头可读性改用 ${encoding.toUpperCase()}`;
  return { format, size, encoding, encodingReason: reason, rows: () => readCsvRows(config.path, encoding, guess.bomLength) };
}

function firstRecord(sample: Buffer, encoding: string): unknown[] {
  const text = iconv.decode(sample.subarray(0, 64 * 1024), encoding);
  const end = text.search(/\r?\n/);
  try {
    const rows = parse(end >= 0 ? text.slice(0, end) : text, { relax_quotes: true, relax_column_count: true, to_line: 1 }) as string[][];
    return rows[0] ?? [];
  } catch {
    return [];
  }
}

function isBlankRow(cells: readonly unknown[]): boolean {
  return cells.every((c) => c === undefined || c === null || (typeof c === 'string' && c.trim() === ''));
}

function headerProblems(h: HeaderMap): string | undefined {
  const parts: string[] = [];
  if (h.missing.length > 0) parts.push(`文件表头缺少必填列：${h.missing.join('、')}`);
  if (h.duplicates.length > 0) parts.push(`表头中以下列重复出现：${[...new Set(h.duplicates)].join('、')}`);
  return parts.length > 0 ? `${parts.join('；')}。整个文件未导入，请补齐表头后重新上传` : undefined;
}

const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: '住院病案首页文件',
  type: 'object',
  required: ['path', 'patientKeySecret'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', title: '文件路径', description: 'CSV（UTF-8 或 GB18030，可带 BOM）或 XLSX 文件' },
    orgCode: { type: 'string', title: '上传机构代码', description: '填写时，医疗机构代码不符的行被拒绝' },
    center: {
      type: 'object',
      title: '上传的质控中心',
      description: '填写时，不属于该中心监管医院的行被拒绝',
      required: ['code', 'hospitals'],
      additionalProperties: false,
      properties: { code: { type: 'string' }, hospitals: { type: 'array', items: { type: 'string' } } },
    },
    format: { type: 'string', enum: ['csv', 'xlsx'], title: '文件格式', description: '不填时按内容识别' },
    patientKeySecret: { type: 'string', title: '患者标识密钥', airbyte_secret: true },
    fileName: { type: 'string', title: '原始文件名' },
    runId: { type: 'string', title: '批次号' },
    sourceName: { type: 'string', title: '来源名称' },
  },
} as const;

/** Source connector for discharge-record files (住院病案首页 CSV / XLSX). */
export class FileSource implements SourceConnector<FileSourceConfig> {
  readonly name = 'file';

  spec(): ConnectorSpecification {
    return {
      documentationUrl: 'https://docs.airbyte.com/understanding-airbyte/airbyte-protocol',
      connectionSpecification: CONFIG_SCHEMA as unknown as Record<string, unknown>,
      supportsIncremental: false,
      supported_destination_sync_modes: ['append_dedup', 'overwrite'],
    };
  }

  async check(config: FileSourceConfig): Promise<AirbyteConnectionStatus> {
    try {
      const file = await openFile(validate(config));
      for await (const r of file.rows()) {
        if ('error' in r) return { status: 'FAILED', message: `表头无法解析：${r.error}` };
        const problem = headerProblems(mapHeader(r.cells));
        return problem ? { status: 'FAILED', message: problem } : { status: 'SUCCEEDED' };
      }
      return { status: 'FAILED', message: '文件为空，没有表头' };
    } catch (err) {
      return { status: 'FAILED', message: err instanceof Error ? err.message : String(err) };
    }
  }

  async discover(): Promise<AirbyteCatalog> {
    return { streams: [dischargeStream()] };
  }

  async *read(
    rawConfig: FileSourceConfig,
    catalog: ConfiguredAirbyteCatalog,
    state?: Record<string, Record<string, unknown>>,
  ): AsyncGenerator<AirbyteMessage> {
    if (!catalog.streams.some((s) => s.stream.name === DISCHARGE_STREAM)) {
      yield logMessage('WARN', `目录未选择数据流 ${DISCHARGE_STREAM}，不读取文件`);
      return;
    }
    let config: FileSourceConfig;
    let file: OpenedFile;
    try {
      config = validate(rawConfig);
      file = await openFile(config);
    } catch (err) {
      if (err instanceof ConfigError) {
        yield errorMessage(err.message, 'config_error');
        return;
      }
      throw err;
    }
    const fileName = config.fileName || basename(config.path);
    const hashing = hashFile(config.path);
    // Keep a failed hash from becoming an unhandled rejection while rows are read.
    hashing.catch(() => undefined);
    yield logMessage('INFO', `读取 ${fileName}（${file.format.toUpperCase()}，${file.size} 字节）${file.encodingReason ? `：${file.encodingReason}` : ''}`);

    const ctx: NormalizeContext = {
      orgCode: config.orgCode || undefined,
      center: config.center ? { code: config.center.code, hospitals: new Set(config.center.hospitals) } : undefined,
      patientKeySecret: config.patientKeySecret,
      runId: config.runId ?? randomUUID(),
      source: config.sourceName ?? `file:${fileName}`,
      loadedAt: new Date(),
    };

    let header: HeaderMap | undefined;
    let dataRows = 0;
    let blankRows = 0;
    let warnedStrayCells = false;
    for await (const r of file.rows()) {
      if (header === undefined) {
        if ('error' in r) {
          yield errorMessage(`表头无法解析：${r.error}`, 'config_error');
          return;
        }
        if (r.row !== 1 || isBlankRow(r.cells)) {
          yield errorMessage('第1行应为表头，但为空', 'config_error');
          return;
        }
        header = mapHeader(r.cells);
        const problem = headerProblems(header);
        if (problem) {
          yield errorMessage(problem, 'config_error');
          return;
        }
        if (header.unknown.length > 0) yield logMessage('WARN', `以下列不属于病案首页格式，已忽略：${header.unknown.join('、')}`);
        continue;
      }
      if ('error' in r) {
        dataRows++;
        yield rejectMessage(DISCHARGE_STREAM, { row: r.row, field: '整行', message: r.error });
        continue;
      }
      if (isBlankRow(r.cells)) {
        blankRows++;
        continue;
      }
      dataRows++;
      const width = header.keys.length;
      if (file.format === 'csv' && r.cells.length !== width) {
        yield rejectMessage(DISCHARGE_STREAM, { row: r.row, field: '整行', message: `列数与表头不一致：表头 ${width} 列，本行 ${r.cells.length} 列` });
        continue;
      }
      if (!warnedStrayCells && r.cells.length > width && !isBlankRow(r.cells.slice(width))) {
        warnedStrayCells = true;
        yield logMessage('WARN', `第${r.row}行起有数据位于表头之外的列（第${width + 1}列以后），已忽略`);
      }
      const input: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const key = header.keys[i];
        if (key !== undefined) input[key] = r.cells[i];
      }
      const result = normalizeDischarge(input, r.row, ctx);
      if (result.ok) yield recordMessage(DISCHARGE_STREAM, result.record);
      else for (const reject of result.rejects) yield rejectMessage(DISCHARGE_STREAM, reject);
    }
    if (header === undefined) {
      yield errorMessage('文件为空，没有表头', 'config_error');
      return;
    }
    if (blankRows > 0) yield logMessage('INFO', `跳过空行 ${blankRows} 行`);
    if (dataRows === 0) yield logMessage('WARN', '文件只有表头，没有数据行');

    const sha256 = await hashing;
    const previous = state?.[DISCHARGE_STREAM] as Partial<FileStreamState> | undefined;
    if (previous?.sha256 === sha256) {
      yield logMessage('INFO', '该文件与上次读取的文件相同，本次按 医疗机构代码+病案号+住院次数 替换原有记录，不会重复计数');
    }
    const fileState: FileStreamState = {
      sha256,
      size: file.size,
      file: fileName,
      format: file.format,
      ...(file.encoding ? { encoding: file.encoding } : {}),
      rows: dataRows,
    };
    yield stateMessage(DISCHARGE_STREAM, fileState as unknown as Record<string, unknown>);
  }
}
