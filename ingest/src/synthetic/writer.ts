/**
 * Writes generated discharge records as a file in the exchange format: CSV (UTF-8 with or without BOM,
 * or GB18030; LF or CRLF) or XLSX (exceljs streaming writer). Rows are generated and written as a
 * stream, so memory stays flat for a million records. The same seed and options give the same bytes,
 * XLSX included (its zip timestamps are pinned).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parseDayArg } from './calendar.js';
import { SYNTHETIC_FILE_COLUMNS } from './columns.js';
import { generateDischarges, type DischargeRow, type GenerateDischargesOptions } from './generator.js';

export type DischargeFileFormat = 'csv' | 'xlsx';
export type DischargeFileEncoding = 'utf-8' | 'gb18030';

export interface CsvOptions {
  /** Default 'utf-8'. */
  encoding?: DischargeFileEncoding;
  /** Byte-order mark first (EF BB BF in UTF-8, 84 31 95 33 in GB18030). Default false. */
  bom?: boolean;
  /** CRLF line ends instead of LF. Default false. */
  crlf?: boolean;
}

export interface WriteDischargeFileOptions extends GenerateDischargesOptions, CsvOptions {
  format: DischargeFileFormat;
  /** Called every `progressEvery` records (default 50,000) and at the end. */
  onProgress?: (written: number, total: number) => void;
  progressEvery?: number;
}

export interface WriteDischargeFileResult {
  path: string;
  format: DischargeFileFormat;
  encoding: DischargeFileEncoding | null;
  records: number;
  bytes: number;
  seconds: number;
}

/** Rows of an XLSX sheet: 1,048,576 including the header. */
export const XLSX_MAX_RECORDS = 1_048_575;

const NEEDS_QUOTES = /[",\r\n]/;
const CHUNK_CHARS = 1 << 20;

function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * CSV bytes of `rows` with the format's Chinese headers, in chunks of about a megabyte of text: pipe
 * `Readable.from(dischargeCsvChunks(...))` anywhere a stream is wanted.
 */
export function* dischargeCsvChunks(rows: Iterable<DischargeRow>, opts: CsvOptions = {}): Generator<Buffer> {
  const encoding = opts.encoding ?? 'utf-8';
  const eol = opts.crlf ? '\r\n' : '\n';
  const encode = encoding === 'gb18030' ? (s: string) => iconv.encode(s, 'gb18030') : (s: string) => Buffer.from(s, 'utf8');
  const keys = SYNTHETIC_FILE_COLUMNS.map((c) => c.key);
  const width = keys.length;
  const fields: string[] = new Array<string>(width);
  // Lines are joined once per chunk: concatenating field by field leaves ropes for the GC to chase.
  let lines: string[] = [(opts.bom ? '\uFEFF' : '') + SYNTHETIC_FILE_COLUMNS.map((c) => csvField(c.header)).join(',')];
  let chars = 0;
  for (const row of rows) {
    for (let i = 0; i < width; i++) fields[i] = csvField(row[keys[i] as string]);
    const line = fields.join(',');
    lines.push(line);
    chars += line.length;
    if (chars >= CHUNK_CHARS) {
      yield encode(lines.join(eol) + eol);
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) yield encode(lines.join(eol) + eol);
}

/**
 * Generates `opts.records` discharge records and writes them to `path` as CSV or XLSX. The file
 * appears only when complete (written beside it, then renamed). Returns what was written.
 */
export async function writeDischargeFile(path: string, opts: WriteDischargeFileOptions): Promise<WriteDischargeFileResult> {
  const started = performance.now();
  const format = opts.format;
  if (format !== 'csv' && format !== 'xlsx') throw new Error(`format must be csv or xlsx, got ${String(format)}`);
  if (opts.encoding !== undefined && opts.encoding !== 'utf-8' && opts.encoding !== 'gb18030') {
    throw new Error(`encoding must be utf-8 or gb18030, got ${String(opts.encoding)}`);
  }
  if (format === 'xlsx') {
    if ((opts.encoding ?? 'utf-8') !== 'utf-8' || opts.bom || opts.crlf) throw new Error('encoding, bom and crlf apply to CSV only; XLSX is always UTF-8');
    if (opts.records > XLSX_MAX_RECORDS) throw new Error(`an XLSX sheet holds at most ${XLSX_MAX_RECORDS} records; use CSV for ${opts.records}`);
  }
  const rows = generateDischarges(opts); // checks the generation options before any file is touched
  const total = opts.records;
  const every = Math.max(1, opts.progressEvery ?? 50_000);
  const progress = opts.onProgress;
  const counted = function* (): Generator<DischargeRow> {
    let n = 0;
    for (const row of rows) {
      yield row;
      n++;
      if (progress && n % every === 0) progress(n, total);
    }
    if (progress && n % every !== 0) progress(n, total);
  };

  const partial = `${path}.partial-${process.pid}`;
  try {
    if (format === 'csv') await writeCsv(partial, counted(), opts);
    else await writeXlsx(partial, counted(), dosTimestamp(parseDayArg(opts.to, true, 'to')));
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  const { size } = await stat(path);
  return {
    path,
    format,
    encoding: format === 'csv' ? (opts.encoding ?? 'utf-8') : null,
    records: total,
    bytes: size,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

async function writeCsv(path: string, rows: Iterable<DischargeRow>, opts: CsvOptions): Promise<void> {
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  for (const chunk of dischargeCsvChunks(rows, opts)) {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}

async function writeXlsx(path: string, rows: Iterable<DischargeRow>, stamp: DosTime): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const fixed = new Date(stamp.iso);
  wb.creator = 'qc synthetic';
  wb.lastModifiedBy = 'qc synthetic';
  wb.created = fixed;
  wb.modified = fixed;
  const ws = wb.addWorksheet('住院病案首页');
  ws.addRow(SYNTHETIC_FILE_COLUMNS.map((c) => c.header)).commit();
  const keys = SYNTHETIC_FILE_COLUMNS.map((c) => c.key);
  let n = 0;
  for (const row of rows) {
    ws.addRow(keys.map((k) => row[k] ?? null)).commit();
    // let the zip stream drain now and then instead of buffering the whole sheet
    if (++n % 5000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  ws.commit();
  await wb.commit();
  await pinZipTimestamps(path, stamp);
}

interface DosTime {
  time: number;
  date: number;
  iso: string;
}

/** MS-DOS time and date of a day at midnight (zip entries carry these). */
function dosTimestamp(day: number): DosTime {
  const d = new Date(day * 86_400_000);
  const y = Math.min(2107, Math.max(1980, d.getUTCFullYear()));
  return { time: 0, date: ((y - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(), iso: d.toISOString() };
}

/**
 * Archiver stamps every zip entry with the current time; overwrite the stamps in the local headers and
 * the central directory so the same records give the same bytes.
 */
async function pinZipTimestamps(path: string, stamp: DosTime): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('xlsx: zip end of central directory not found');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff) return; // zip64: leave as is
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const stampBytes = Buffer.alloc(4);
    stampBytes.writeUInt16LE(stamp.time, 0);
    stampBytes.writeUInt16LE(stamp.date, 2);
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('xlsx: bad zip central directory');
      stampBytes.copy(cd, p + 12);
      const local = cd.readUInt32LE(p + 42);
      if (local !== 0xffffffff) await fh.write(stampBytes, 0, 4, local + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    await fh.write(cd, 0, cdSize, cdOffset);
  } finally {
    await fh.close();
  }
}
