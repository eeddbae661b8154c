/** A file's header row → which format key each column holds, and what is wrong with it. */
import { headerToKey, keyToHeader, REQUIRED_FILE_KEYS } from '../../core/discharge-record.js';

export interface HeaderMap {
  /** Key of each column by position; undefined for columns that are ignored. */
  keys: (string | undefined)[];
  /** Columns not in the format, as written (or “第N列（无列名）”). */
  unknown: string[];
  /** Chinese names of required columns the header lacks. */
  missing: string[];
  /** Chinese names of columns that appear more than once. */
  duplicates: string[];
}

/** Maps header cells to format keys. */
export function mapHeader(cells: readonly unknown[]): HeaderMap {
  const keys: (string | undefined)[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  cells.forEach((cell, i) => {
    const text = cell === null || cell === undefined ? '' : String(cell).trim();
    const key = text === '' ? undefined : headerToKey(text);
    if (key === undefined) {
      unknown.push(text === '' ? `第${i + 1}列（无列名）` : text);
      keys.push(undefined);
    } else if (seen.has(key)) {
      duplicates.push(keyToHeader(key));
      keys.push(undefined);
    } else {
      seen.add(key);
      keys.push(key);
    }
  });
  const missing = REQUIRED_FILE_KEYS.filter((k) => !seen.has(k)).map(keyToHeader);
  return { keys, unknown, missing, duplicates };
}

/** How many header cells name a column of the format: the test of a guessed encoding. */
export function headerScore(cells: readonly unknown[]): number {
  return cells.filter((c) => typeof c === 'string' && headerToKey(c) !== undefined).length;
}
