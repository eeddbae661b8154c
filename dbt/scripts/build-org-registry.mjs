// Writes seeds/org_registry.csv (code,name,tier,type) from the platform's hospital registry, so that
// dim_org can name the hospitals it sees. Run again when the registry changes:
//   node dbt/scripts/build-org-registry.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const registryPath = path.resolve(here, '../../ops-api/db/seeds/reference/liuzhou-registry.json');
const seedPath = path.resolve(here, '../seeds/org_registry.csv');

const registry = JSON.parse(fs.readFileSync(registryPath, 'utf8'));
/** RFC 4180 quoting where needed; null becomes an empty field (NULL in the seed). */
const field = (v) => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const lines = ['code,name,tier,type', ...registry.hospitals.map((h) => [h.code, h.name, h.tier, h.type].map(field).join(','))];
fs.writeFileSync(seedPath, lines.join('\n') + '\n');
console.log(`${path.relative(process.cwd(), seedPath)}: ${registry.hospitals.length} hospitals`);
