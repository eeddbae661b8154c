import { Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import type { TableSpec } from '../clients/types.js';
import { arrowSchemaFor, formatTimestamp, normalizeArrow, parseWallClock, tableFromRows } from './arrow.js';

const spec: TableSpec = {
  schema: 'raw',
  name: 'visits',
  key: 'id',
  columns: [
    { key: 'id', type: 'string', required: true },
    { key: 'n', type: 'int' },
    { key: 'x', type: 'double' },
    { key: 'd', type: 'date' },
    { key: 't', type: 'timestamp' },
    { key: '_loaded_at', type: 'timestamp', required: true },
  ],
};
const loadedAt = new Date(Date.UTC(2025, 0, 1));

describe('parseWallClock', () => {
  test('reads dates and times as wall-clock UTC milliseconds', () => {
    expect(parseWallClock('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseWallClock('2024-03-01 08:05')).toBe(Date.UTC(2024, 2, 1, 8, 5));
    expect(parseWallClock('2024-03-01T08:05:09.12')).toBe(Date.UTC(2024, 2, 1, 8, 5, 9, 120));
  });
  test('refuses impossible dates and other text', () => {
    expect(parseWallClock('2024-02-30')).toBeUndefined();
    expect(parseWallClock('01/03/2024')).toBeUndefined();
  });
  test('formatTimestamp is its inverse', () => {
    expect(formatTimestamp(Date.UTC(2024, 2, 1, 8, 5, 9, 120))).toBe('2024-03-01T08:05:09.120');
  });
});

describe('normalizeArrow', () => {
  test('produces the canonical schema, spec order, NULLs for absent optional columns, _loaded_at filled', () => {
    const t = normalizeArrow(spec, new Table({ n: vectorFromArray([1, 2], new Int32()), id: vectorFromArray(['a', 'b'], new Utf8()) }), { loadedAt });
    expect(t.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(arrowSchemaFor(spec).fields.map((f) => `${f.name}:${String(f.type)}`));
    expect(t.getChild('n')!.get(1)).toBe(2n);
    expect(t.getChild('x')!.nullCount).toBe(2);
    expect(t.getChild('_loaded_at')!.get(0)).toBe(loadedAt.getTime());
  });
  test('refuses unknown columns, absent or NULL required columns', () => {
    expect(() => normalizeArrow(spec, new Table({ id: vectorFromArray(['a']), extra: vectorFromArray(['x']) }))).toThrow(/unknown column\(s\) extra/);
    expect(() => normalizeArrow(spec, new Table({ n: vectorFromArray([1]) }))).toThrow(/required column id is missing/);
    expect(() => normalizeArrow(spec, new Table({ id: vectorFromArray(['a', null], new Utf8()) }))).toThrow(/required column id has 1 NULL value\(s\), first at row 1/);
  });
  test('keeps the last row of a repeated key', () => {
    const t = tableFromRows(spec, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 3 }], { loadedAt });
    expect(t.toArray().map((r) => [r.id, r.n])).toEqual([
      ['b', 2n],
      ['a', 3n],
    ]);
  });
});

describe('tableFromRows', () => {
  test('converts strings, numbers and Dates per column type', () => {
    const t = tableFromRows(spec, [{ id: 7, n: '42', x: '1.5', d: '1930-05-17', t: '2024-03-01 08:00:00.250' }, { id: '中文', d: new Date(Date.UTC(2024, 0, 2)) }], { loadedAt });
    expect(t.numRows).toBe(2);
    expect(t.getChild('id')!.toArray()).toEqual(['7', '中文']);
    expect(t.getChild('n')!.get(0)).toBe(42n);
    expect(t.getChild('x')!.get(0)).toBe(1.5);
    expect(t.getChild('d')!.get(0)).toBe(Date.UTC(1930, 4, 17));
    expect(t.getChild('d')!.get(1)).toBe(Date.UTC(2024, 0, 2));
    expect(t.getChild('t')!.get(0)).toBe(Date.UTC(2024, 2, 1, 8, 0, 0, 250));
    expect(t.getChild('t')!.get(1)).toBeNull();
  });
  test('names the column and row of a value that does not convert', () => {
    expect(() => tableFromRows(spec, [{ id: 'a' }, { id: 'b', n: 1.5 }])).toThrow('column n, row 1: 1.5 is not an integer');
    expect(() => tableFromRows(spec, [{ id: 'a', d: '2024-13-01' }])).toThrow(/column d, row 0/);
  });
  test('an empty batch is an empty table of the spec', () => {
    expect(tableFromRows(spec, []).numRows).toBe(0);
  });
});
