import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { lastTwelveMonths, parseGenDischargesArgs, runGenDischarges } from './cli.js';

const NOW = new Date('2026-11-27T12:00:00Z');

describe('gen:discharges arguments', () => {
  it('parses the documented flags', () => {
    const { path, options } = parseGenDischargesArgs(
      ['--records', '1000000', '--out', 'd.csv', '--seed', '7', '--from', '2025-01', '--to', '2025-12', '--encoding', 'gb18030', '--crlf', '--bom'],
      NOW,
    );
    expect(path).toBe('d.csv');
    expect(options).toEqual({ records: 1_000_000, seed: 7, from: '2025-01', to: '2025-12', format: 'csv', encoding: 'gb18030', crlf: true, bom: true });
  });

  it('takes --flag=value, infers XLSX from the extension and defaults to the last 12 full months', () => {
    const { options } = parseGenDischargesArgs(['--records=500', '--out=x.XLSX', '--readmission-rate', '0.08', '--json'], NOW);
    expect(options).toEqual({ records: 500, seed: 1, from: '2025-11', to: '2026-10', format: 'xlsx', readmissionRate: 0.08 });
    expect(lastTwelveMonths(new Date('2026-01-15T00:00:00Z'))).toEqual({ from: '2025-01', to: '2025-12' });
  });

  it('names what is wrong', () => {
    expect(() => parseGenDischargesArgs(['--out', 'a.csv'], NOW)).toThrow(/--records/);
    expect(() => parseGenDischargesArgs(['--records', '10'], NOW)).toThrow(/--out/);
    expect(() => parseGenDischargesArgs(['--records', 'ten', '--out', 'a.csv'], NOW)).toThrow(/--records/);
    expect(() => parseGenDischargesArgs(['--records', '10', '--out', 'a.csv', '--encoding', 'big5'], NOW)).toThrow(/--encoding/);
    expect(() => parseGenDischargesArgs(['--records', '10', '--out', 'a.csv', '--from', '2025-01'], NOW)).toThrow(/together/);
    expect(() => parseGenDischargesArgs(['--records', '10', '--out', 'a.csv', '--colour', 'red'], NOW)).toThrow(/--colour/);
    expect(() => parseGenDischargesArgs(['--records', '--out', 'a.csv'], NOW)).toThrow(/--records needs a value/);
  });

  it('writes the file and reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qc-gen-'));
    try {
      const out = join(dir, 'd.csv');
      const progress: number[] = [];
      const res = await runGenDischarges(['--records', '300', '--out', out, '--from', '2025-01', '--to', '2025-03', '--encoding', 'gb18030'], {
        now: NOW,
        onProgress: (n) => progress.push(n),
      });
      expect(res).toMatchObject({ path: out, format: 'csv', encoding: 'gb18030', records: 300 });
      expect(progress).toEqual([300]);
      const text = iconv.decode(readFileSync(out), 'gb18030');
      expect(text.startsWith('医疗机构代码,病案号,住院次数,姓名,身份证号,')).toBe(true);
      expect(text.trim().split('\n')).toHaveLength(301);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
