/**
 * `qc gen:discharges` argument handling, so the CLI only has to call `runGenDischarges(argv)`:
 *   --records N --out FILE [--seed S] [--from YYYY-MM --to YYYY-MM] [--format csv|xlsx]
 *   [--encoding utf-8|gb18030] [--bom] [--crlf] [--readmission-rate R]
 */
import { civil, dayNumber } from './calendar.js';
import { DEFAULT_SEED } from './generator.js';
import { writeDischargeFile, type DischargeFileEncoding, type WriteDischargeFileOptions, type WriteDischargeFileResult } from './writer.js';

export interface GenDischargesArgs {
  path: string;
  options: WriteDischargeFileOptions;
}

const VALUE_FLAGS = new Set(['records', 'out', 'seed', 'from', 'to', 'format', 'encoding', 'readmission-rate']);
const BOOLEAN_FLAGS = new Set(['bom', 'crlf', 'json']);

/** The 12 complete months before the month of `now`, as 'YYYY-MM'. */
export function lastTwelveMonths(now: Date): { from: string; to: string } {
  const today = civil(Math.floor(now.getTime() / 86_400_000));
  const lastMonthEnd = dayNumber(today.y, today.m, 1) - 1;
  const end = civil(lastMonthEnd);
  const startY = end.m === 12 ? end.y : end.y - 1;
  const startM = end.m === 12 ? 1 : end.m + 1;
  const ym = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}`;
  return { from: ym(startY, startM), to: ym(end.y, end.m) };
}

/**
 * Parses the arguments of `gen:discharges` (after the command name). Throws an Error whose message
 * names the bad flag. Without --from/--to: the 12 complete months before `now`.
 */
export function parseGenDischargesArgs(argv: readonly string[], now: Date = new Date()): GenDischargesArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (BOOLEAN_FLAGS.has(name) && eq < 0) {
      flags.add(name);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new Error(`unknown option --${name}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new Error(`--${name} needs a value`);
    values.set(name, value);
  }
  const path = values.get('out');
  if (!path) throw new Error('--out FILE is required');
  const recordsText = values.get('records');
  if (recordsText === undefined) throw new Error('--records N is required');
  const records = Number(recordsText.replace(/_/g, ''));
  if (!Number.isSafeInteger(records) || records < 0) throw new Error(`--records must be a non-negative integer, got "${recordsText}"`);
  const seedText = values.get('seed');
  const seed = seedText === undefined ? DEFAULT_SEED : Number(seedText);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got "${seedText}"`);
  const format = values.get('format') ?? (/\.xlsx$/i.test(path) ? 'xlsx' : 'csv');
  if (format !== 'csv' && format !== 'xlsx') throw new Error(`--format must be csv or xlsx, got "${format}"`);
  const encodingText = values.get('encoding')?.toLowerCase().replace(/^utf8$/, 'utf-8');
  if (encodingText !== undefined && encodingText !== 'utf-8' && encodingText !== 'gb18030') {
    throw new Error(`--encoding must be utf-8 or gb18030, got "${values.get('encoding')}"`);
  }
  const range = lastTwelveMonths(now);
  const from = values.get('from') ?? (values.has('to') ? undefined : range.from);
  const to = values.get('to') ?? (values.has('from') ? undefined : range.to);
  if (from === undefined || to === undefined) throw new Error('--from and --to go together');
  const options: WriteDischargeFileOptions = { records, seed, from, to, format };
  if (encodingText !== undefined) options.encoding = encodingText as DischargeFileEncoding;
  if (flags.has('bom')) options.bom = true;
  if (flags.has('crlf')) options.crlf = true;
  const rate = values.get('readmission-rate');
  if (rate !== undefined) options.readmissionRate = Number(rate);
  return { path, options };
}

/** Parses the arguments and writes the file; `onProgress` reports every 50,000 records. */
export async function runGenDischarges(
  argv: readonly string[],
  io: { now?: Date; onProgress?: (written: number, total: number) => void } = {},
): Promise<WriteDischargeFileResult> {
  const { path, options } = parseGenDischargesArgs(argv, io.now);
  if (io.onProgress) options.onProgress = io.onProgress;
  return writeDischargeFile(path, options);
}
