import { expect, test } from 'vitest';
import { baseClickHouseType, fromClickHouseJson, safeInteger } from './values.js';

test('safeInteger keeps bigint only beyond 2^53', () => {
  expect(safeInteger(42n)).toBe(42);
  expect(safeInteger(2n ** 60n)).toBe(2n ** 60n);
});

test('ClickHouse JSON values become the shapes both engines return', () => {
  expect(baseClickHouseType('LowCardinality(Nullable(String))')).toBe('String');
  expect(fromClickHouseJson('12', 'UInt64')).toBe(12);
  expect(fromClickHouseJson('9223372036854775807', 'Int64')).toBe(9223372036854775807n);
  expect(fromClickHouseJson(3, 'Nullable(Int32)')).toBe(3);
  expect(fromClickHouseJson('2024-03-01 08:00:00.5', "DateTime64(3, 'UTC')")).toBe('2024-03-01T08:00:00.500');
  expect(fromClickHouseJson('2024-03-01 08:00:00', 'DateTime')).toBe('2024-03-01T08:00:00.000');
  expect(fromClickHouseJson('1930-05-01', 'Date32')).toBe('1930-05-01');
  expect(fromClickHouseJson(null, 'Nullable(Float64)')).toBeNull();
  expect(fromClickHouseJson(['1', '2'], 'Array(UInt64)')).toEqual([1, 2]);
});
