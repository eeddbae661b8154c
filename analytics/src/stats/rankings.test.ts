import { describe, expect, it } from 'vitest';
import { rankRows } from './rankings.js';

const hospitals = [
  { org: 'A', value: 3 as number | null },
  { org: 'B', value: 5 },
  { org: 'C', value: null },
  { org: 'D', value: 5 },
  { org: 'E', value: 1 },
  { org: 'F', value: 3 },
];
const byValue = (r: { value: number | null }) => r.value;

describe('rankRows', () => {
  it('ranks the highest first with competition ranks when higher is better; no value comes last without rank', () => {
    expect(rankRows(hospitals, byValue, 'higher_better').map((r) => [r.org, r.rank])).toEqual([
      ['B', 1],
      ['D', 1],
      ['A', 3],
      ['F', 3],
      ['E', 5],
      ['C', null],
    ]);
  });

  it('ranks the lowest first when lower is better', () => {
    expect(rankRows(hospitals, byValue, 'lower_better').map((r) => [r.org, r.rank])).toEqual([
      ['E', 1],
      ['A', 2],
      ['F', 2],
      ['B', 4],
      ['D', 4],
      ['C', null],
    ]);
  });

  it('orders target-range indicators by value descending', () => {
    expect(rankRows(hospitals, byValue, 'target_range').map((r) => r.rank)).toEqual([1, 1, 3, 3, 5, null]);
  });

  it('keeps the rows’ other fields and does not change the input', () => {
    const input = [{ org: 'X', value: 2, extra: { n: 1 } }];
    const [row] = rankRows(input, byValue, 'higher_better');
    expect(row).toEqual({ org: 'X', value: 2, extra: { n: 1 }, rank: 1 });
    expect(input[0]).not.toHaveProperty('rank');
  });

  it('ties values that differ only by floating-point noise, and ranks NaN as missing', () => {
    const rows = [
      { org: 'A', value: 0.1 + 0.2 },
      { org: 'B', value: 0.3 },
      { org: 'C', value: Number.NaN },
      { org: 'D', value: 0.2 },
    ];
    expect(rankRows(rows, byValue, 'higher_better').map((r) => [r.org, r.rank])).toEqual([
      ['A', 1],
      ['B', 1],
      ['D', 3],
      ['C', null],
    ]);
  });
});
