/**
 * Row readers for CSV and XLSX files that stream: a million-row file is never held in memory. Each
 * yields its rows in order, header first, numbered as a person sees them in a spreadsheet (header = 1).
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type TabularRow = { row: number; cells: unknown[] } | { row: number; error: string };

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号未闭合，本行起至文件末尾无法解析',
  CSV_INVALID_CLOSING_QUOTE: '引号使用不规范（闭合引号后紧跟其他字符）',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: '列数与表头不一致',
  CSV_MAX_RECORD_SIZE: '单行过长，无法解析',
};

/** Reads a CSV file (RFC 4180 quotes, CRLF or LF) decoded from `encoding`, skipping `bomLength` bytes. */
export async function* readCsvRows(path: string, encoding: string, bomLength: number): AsyncGenerator<TabularRow> {
  // Parse errors are reported synchronously while parsing, before the records after them are read,
  // so a record's row number is its index plus the broken records before it.
  const broken: { before: number; message: string }[] = [];
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined) => {
      if (!err) return undefined;
      const before = typeof (err as { records?: unknown }).records === 'number' ? (err as unknown as { records: number }).records : 0;
      broken.push({ before, message: CSV_ERRORS[err.code] ?? `无法解析：${err.message}` });
      return undefined;
    },
  });
  const source = createReadStream(path, { start: bomLength, highWaterMark: 1 << 20 });
  const decoder = iconv.decodeStream(encoding, { stripBOM: true }) as unknown as Transform;
  const done = pipeline(source, decoder, parser).catch((err: unknown) => err);

  let emittedBroken = 0;
  const flushBroken = function* (uptoRecords: number): Generator<TabularRow> {
    while (emittedBroken < broken.length && broken[emittedBroken]!.before < uptoRecords) {
      const b = broken[emittedBroken]!;
      yield { row: b.before + emittedBroken + 1, error: b.message };
      emittedBroken++;
    }
  };

  // k counts the records parsed so far, as csv-parse's own `info.records` does (without its per-record copy)
  let k = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      k++;
      yield* flushBroken(k);
      yield { row: k + emittedBroken, cells: record };
    }
    const err = await done;
    if (err) throw err;
    yield* flushBroken(Number.POSITIVE_INFINITY);
  } finally {
    source.destroy();
  }
}

/** A cell of exceljs as a plain value: text, number, boolean or Date (formula results, rich text, links read through). */
export function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date || typeof v !== 'object') return v;
  const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; error?: unknown; sharedFormula?: unknown };
  if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
  if ('result' in o || 'formula' in o || 'sharedFormula' in o) return cellValue(o.result);
  if ('error' in o) return undefined;
  if ('text' in o) return cellValue(o.text);
  return String(v);
}

/** Reads the first sheet of an XLSX file with exceljs's streaming reader; date cells come as Dates. */
export async function* readXlsxRows(path: string): AsyncGenerator<TabularRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // styles tell date cells from number cells
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      // exceljs `values` is 1-based with a hole at 0
      const values = (row.values as unknown[]).slice(1).map(cellValue);
      yield { row: row.number, cells: values };
    }
    return; // first sheet only
  }
}
