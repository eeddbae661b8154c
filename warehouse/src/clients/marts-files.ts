import fs from 'node:fs';
import path from 'node:path';

/**
 * The files dbt writes marts into on DuckDB: `marts-<stamp>.duckdb`, one per run, stamp
 * `YYYYMMDDTHHMMSSmmmZ` (UTC, sorts by time), plus `marts-<stamp>.duckdb.ok` written once the run
 * succeeded. Only files with the marker are ever attached at start. See docs/warehouse.md.
 */
const MARTS_FILE_RE = /^marts-(\d{8}T\d{9}Z)\.duckdb$/;

export interface MartsFile {
  file: string;
  stamp: string;
  complete: boolean;
}

/** `YYYYMMDDTHHMMSSmmmZ` of a time. */
export function martsStamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[-:.]/g, '');
}

/** The path of a new marts file in `dir` (nothing is created). */
export function newMartsFile(dir: string, now: Date = new Date()): string {
  return path.join(dir, `marts-${martsStamp(now)}.duckdb`);
}

/** The stamp of a marts file name, or undefined when the name is not one. */
export function martsFileStamp(file: string): string | undefined {
  return MARTS_FILE_RE.exec(path.basename(file))?.[1];
}

export function martsMarker(file: string): string {
  return `${file}.ok`;
}

/** Marks a marts file complete (the dbt runner calls this after `dbt build` succeeded). */
export function markMartsComplete(file: string): void {
  const marker = martsMarker(file);
  const tmp = `${marker}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ completedAt: new Date().toISOString() }) + '\n');
  fs.renameSync(tmp, marker);
}

/** Marts files in `dir`, oldest first. */
export function listMartsFiles(dir: string): MartsFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const set = new Set(names);
  return names
    .map((name) => ({ name, stamp: MARTS_FILE_RE.exec(name)?.[1] }))
    .filter((e): e is { name: string; stamp: string } => e.stamp !== undefined)
    .map((e) => ({ file: path.join(dir, e.name), stamp: e.stamp, complete: set.has(`${e.name}.ok`) }))
    .sort((a, b) => a.stamp.localeCompare(b.stamp));
}

/** Deletes a marts file with its WAL and marker. */
export function removeMartsFile(file: string): void {
  for (const f of [martsMarker(file), `${file}.wal`, file]) fs.rmSync(f, { force: true });
}
