import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { listMartsFiles, markMartsComplete, martsFileStamp, newMartsFile, removeMartsFile } from './marts-files.js';

test('marts files are named by UTC stamp, listed oldest first, complete when marked', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-marts-'));
  try {
    const a = newMartsFile(dir, new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)));
    const b = newMartsFile(dir, new Date(Date.UTC(2025, 0, 10)));
    expect(path.basename(a)).toBe('marts-20250102T030405006Z.duckdb');
    expect(martsFileStamp(a)).toBe('20250102T030405006Z');
    expect(martsFileStamp('/x/warehouse.duckdb')).toBeUndefined();
    fs.writeFileSync(b, '');
    fs.writeFileSync(a, '');
    fs.writeFileSync(path.join(dir, 'warehouse.duckdb'), '');
    markMartsComplete(a);
    expect(listMartsFiles(dir)).toEqual([
      { file: a, stamp: '20250102T030405006Z', complete: true },
      { file: b, stamp: '20250110T000000000Z', complete: false },
    ]);
    removeMartsFile(a);
    expect(fs.readdirSync(dir).sort()).toEqual([path.basename(b), 'warehouse.duckdb']);
    expect(listMartsFiles(path.join(dir, 'missing'))).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
