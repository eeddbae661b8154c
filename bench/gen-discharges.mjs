// Throughput of the synthetic discharge-record writer:
//   node bench/gen-discharges.mjs [--records 1000000] [--format csv|xlsx] [--encoding gb18030|utf-8] [--keep]
// Writes to a temporary file, prints records/s, file size and peak RSS as JSON, then deletes the file
// (unless --keep). Runs the TypeScript sources through tsx; @qc/warehouse must resolve (built or aliased).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { writeDischargeFile } = await import('../ingest/src/synthetic/index.ts');

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    format: { type: 'string', default: 'csv' },
    encoding: { type: 'string', default: 'gb18030' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const format = values.format === 'xlsx' ? 'xlsx' : 'csv';
const out = join(tmpdir(), `qc-bench-discharges-${process.pid}.${format}`);
let peakRss = process.memoryUsage().rss;
const res = await writeDischargeFile(out, {
  format,
  records: Number(values.records),
  seed: Number(values.seed),
  from: '2025-01',
  to: '2025-12',
  ...(format === 'csv' ? { encoding: values.encoding } : {}),
  progressEvery: 100_000,
  onProgress: () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  },
});
console.log(
  JSON.stringify({
    ...res,
    recordsPerSecond: Math.round(res.records / res.seconds),
    megabytes: Math.round(res.bytes / 1e5) / 10,
    peakRssMB: Math.round(peakRss / 1e6),
    kept: values.keep,
  }),
);
if (!values.keep) rmSync(out, { force: true });
