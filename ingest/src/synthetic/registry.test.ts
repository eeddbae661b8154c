import { readFileSync } from 'node:fs';
import { DISCHARGE_COLUMNS, PERSONAL_HEADERS } from '@qc/warehouse';
import { SYNTHETIC_FILE_COLUMNS } from './columns.js';
import { AREA_CODES, hospitalKind, hospitalVolume, LIUZHOU_HOSPITALS, tierClass } from './registry.js';
import { DIAGNOSES, OPS } from './tables.js';

interface RegistryHospital {
  code: string;
  name: string;
  tier: string | null;
  type: string;
  district: string | null;
}

describe('the hospital snapshot', () => {
  it('matches ops-api’s seed registry (code, name, tier, type, district)', () => {
    const url = new URL('../../../ops-api/db/seeds/reference/liuzhou-registry.json', import.meta.url);
    const registry = JSON.parse(readFileSync(url, 'utf8')) as { hospitals: RegistryHospital[] };
    const expected = registry.hospitals.map(({ code, name, tier, type, district }) => ({ code, name, tier, type, district }));
    expect(LIUZHOU_HOSPITALS).toEqual(expected);
  });

  it('knows every district’s area code and every hospital type', () => {
    for (const h of LIUZHOU_HOSPITALS) if (h.district) expect(AREA_CODES[h.district]).toMatch(/^4502\d\d$/);
    expect(hospitalKind('综合医院')).toBe('general');
    expect(hospitalKind('中医医院')).toBe('tcm');
    expect(hospitalKind('中西医结合医院')).toBe('integrated');
    expect(hospitalKind('妇幼保健院')).toBe('mch');
    expect(hospitalKind('专科医院(眼科)')).toBe('eye');
    expect(hospitalKind('专科医院(肿瘤)')).toBe('oncology');
    expect(hospitalKind('专科医院(精神/脑科)')).toBe('psych');
    expect(tierClass('三级甲等')).toBe('tertiaryA');
    expect(tierClass('三级')).toBe('tertiary');
    expect(tierClass(null)).toBe('secondary');
  });

  it('gives a 三甲 综合医院 far more volume than a county 妇幼保健院', () => {
    const [h01, h22] = [LIUZHOU_HOSPITALS[0], LIUZHOU_HOSPITALS[21]];
    expect(hospitalVolume(h01!)).toBeGreaterThan(10 * hospitalVolume(h22!));
  });
});

describe('the file columns', () => {
  it('are every spec column with a header, plus 姓名 and 身份证号', () => {
    const headers = SYNTHETIC_FILE_COLUMNS.map((c) => c.header);
    const specHeaders = DISCHARGE_COLUMNS.flatMap((c) => (c.header ? [c.header] : []));
    expect(headers.filter((h) => h !== PERSONAL_HEADERS.patient_name && h !== PERSONAL_HEADERS.id_card_no)).toEqual(specHeaders);
    expect(headers).toContain('姓名');
    expect(headers).toContain('身份证号');
    expect(new Set(headers).size).toBe(headers.length);
  });
});

describe('the clinical tables', () => {
  it('reference only known operations and use valid codes', () => {
    expect(DIAGNOSES.length).toBeGreaterThanOrEqual(60);
    for (const d of DIAGNOSES) {
      expect(d.code).toMatch(/^[A-Z][0-9]{2}(\.[0-9])?$/);
      for (const [code, p] of [...(d.ops ?? []), ...(d.procs ?? [])]) {
        expect(OPS.has(code)).toBe(true);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect((d.ops ?? []).reduce((s, [, p]) => s + p, 0)).toBeLessThanOrEqual(1);
    }
    for (const o of OPS.values()) {
      expect(o.code).toMatch(/^[0-9]{2}(\.[0-9]{1,2})?$/);
      expect(o.level === 0 ? o.incision : 'ok').toBe(o.level === 0 ? '' : 'ok');
      for (const w of o.with ?? []) expect(OPS.has(w)).toBe(true);
    }
    expect(new Set(DIAGNOSES.map((d) => d.code)).size).toBe(DIAGNOSES.length);
  });
});
