import { expect, test } from 'vitest';
import { DISCHARGE_SPEC, tableFromRows, type TableSpec, type WarehouseClient } from '../src/index.js';
import { buildDischargeRecord } from './factories.js';

/**
 * The checks every engine passes, with the same data and the same expected numbers. Call inside a
 * `describe` whose hooks open the client; tests run in order and build on each other's data.
 */
export function warehouseSuite(getClient: () => WarehouseClient): void {
  const spec = DISCHARGE_SPEC;
  const bulkSpec: TableSpec = { ...DISCHARGE_SPEC, name: 'discharge_records_bulk' };
  const tricky = `内科\t外科\n"双引号" '单引号' \\反斜杠 ? 😀`;
  const rows = [
    buildDischargeRecord({ record_no: 'A', discharge_time: '2024-01-10 10:00:00', total_cost: 100.5, birth_date: '1930-05-17', self_pay_cost: 0 }),
    buildDischargeRecord({ record_no: 'B', discharge_time: '2024-01-31 23:59:59', total_cost: 200.25, main_diag_name: '急性阑尾炎（化脓性）', transfer_depts: tricky }),
    buildDischargeRecord({ record_no: 'C', discharge_time: '2024-02-01 00:00:00', total_cost: 300, admission_seq: 2 }),
    buildDischargeRecord({ record_no: 'D', discharge_time: '2024-04-15 08:30:00.250', total_cost: 50, org_code: '45020002', icu_in_time: '2024-04-10 01:02:03' }),
  ];
  const read = () => getClient().dialect.readTable(spec);
  const count = async (t: TableSpec = spec) => (await getClient().query<{ n: number }>(`SELECT count(*) AS n FROM ${getClient().dialect.readTable(t)}`))[0]!.n;

  test('ping answers', async () => {
    expect(await getClient().ping()).toBe(true);
  });

  test('ensureTable creates the raw table and is idempotent', async () => {
    await getClient().ensureTable(spec);
    await getClient().ensureTable(spec);
    expect(await count()).toBe(0);
  });

  test('loads an Arrow table of discharge records', async () => {
    const result = await getClient().loadArrow(spec, tableFromRows(spec, rows));
    expect(result.rows).toBe(4);
    expect(await count()).toBe(4);
  });

  test('returns plain JS values: numbers, dates, wall-clock timestamps, NULLs', async () => {
    const [a] = await getClient().query(
      `SELECT record_key, admission_seq, birth_date, discharge_time, total_cost, self_pay_cost, infant_age_days, icu_in_time, op_code_1 FROM ${read()} WHERE record_no = 'A'`,
    );
    expect(a).toEqual({
      record_key: '45020001|A|1',
      admission_seq: 1,
      birth_date: '1930-05-17',
      discharge_time: '2024-01-10T10:00:00.000',
      total_cost: 100.5,
      self_pay_cost: 0,
      infant_age_days: null,
      icu_in_time: null,
      op_code_1: null,
    });
    const [d] = await getClient().query(`SELECT discharge_time, icu_in_time FROM ${read()} WHERE record_no = 'D'`);
    expect(d).toEqual({ discharge_time: '2024-04-15T08:30:00.250', icu_in_time: '2024-04-10T01:02:03.000' });
  });

  test('Chinese and awkward text round-trips unchanged', async () => {
    const [b] = await getClient().query<{ main_diag_name: string; transfer_depts: string }>(`SELECT main_diag_name, transfer_depts FROM ${read()} WHERE record_no = ?`, ['B']);
    expect(b).toEqual({ main_diag_name: '急性阑尾炎（化脓性）', transfer_depts: tricky });
    const found = await getClient().query(`SELECT record_no FROM ${read()} WHERE transfer_depts = ?`, [tricky]);
    expect(found).toEqual([{ record_no: 'B' }]);
  });

  test('parameterised queries: strings, numbers, timestamps as text or Date, ? inside a literal', async () => {
    const c = getClient();
    expect(await c.query(`SELECT record_no FROM ${read()} WHERE main_diag_name = ? AND total_cost > ? ORDER BY record_no`, ['急性阑尾炎', 100])).toEqual([
      { record_no: 'A' },
      { record_no: 'C' },
    ]);
    expect(await c.query(`SELECT record_no FROM ${read()} WHERE admission_seq = ? AND org_code = ?`, [2, '45020001'])).toEqual([{ record_no: 'C' }]);
    const since = `SELECT record_no FROM ${read()} WHERE discharge_time >= ? ORDER BY record_no`;
    expect(await c.query(since, ['2024-02-01 00:00:00'])).toEqual([{ record_no: 'C' }, { record_no: 'D' }]);
    expect(await c.query(since, [new Date(Date.UTC(2024, 1, 1))])).toEqual([{ record_no: 'C' }, { record_no: 'D' }]);
    expect(await c.query(`SELECT '?' AS q, ? AS p`, ['x'])).toEqual([{ q: '?', p: 'x' }]);
  });

  test('date truncation gives the same numbers on every engine', async () => {
    const c = getClient();
    const byGrain = (grain: 'month' | 'quarter' | 'year') =>
      c.query(
        `SELECT ${c.dialect.dateTrunc(grain, 'discharge_time')} AS period, count(*) AS n, sum(total_cost) AS cost FROM ${read()} GROUP BY period ORDER BY period`,
      );
    expect(await byGrain('month')).toEqual([
      { period: '2024-01-01', n: 2, cost: 300.75 },
      { period: '2024-02-01', n: 1, cost: 300 },
      { period: '2024-04-01', n: 1, cost: 50 },
    ]);
    expect(await byGrain('quarter')).toEqual([
      { period: '2024-01-01', n: 3, cost: 600.75 },
      { period: '2024-04-01', n: 1, cost: 50 },
    ]);
    expect(await byGrain('year')).toEqual([{ period: '2024-01-01', n: 4, cost: 650.75 }]);
    // dates before 1970 (birth dates) truncate too
    expect(await c.query(`SELECT ${c.dialect.dateTrunc('month', 'birth_date')} AS m FROM ${read()} WHERE record_no = 'A'`)).toEqual([{ m: '1930-05-01' }]);
  });

  test('a reload replaces rows by key: count unchanged, values changed', async () => {
    const c = getClient();
    await new Promise((r) => setTimeout(r, 5)); // a newer _loaded_at than the first load
    const changed = { ...rows[2]!, total_cost: 333, main_diag_name: '阑尾周围脓肿' };
    await c.loadArrow(spec, tableFromRows(spec, [changed, rows[3]!]));
    expect(await count()).toBe(4);
    expect(await c.query(`SELECT total_cost, main_diag_name FROM ${read()} WHERE record_no = 'C'`)).toEqual([{ total_cost: 333, main_diag_name: '阑尾周围脓肿' }]);
    expect(await c.query(`SELECT sum(total_cost) AS s FROM ${read()}`)).toEqual([{ s: 683.75 }]);
  });

  test('within one batch the last row of a key wins', async () => {
    const c = getClient();
    await new Promise((r) => setTimeout(r, 5));
    const first = { ...rows[0]!, total_cost: 1 };
    const last = { ...rows[0]!, total_cost: 2 };
    await c.loadArrow(spec, tableFromRows(spec, [first, last]));
    expect(await count()).toBe(4);
    expect(await c.query(`SELECT total_cost FROM ${read()} WHERE record_no = 'A'`)).toEqual([{ total_cost: 2 }]);
  });

  test('a NULL in a required column is refused and nothing changes', async () => {
    const c = getClient();
    const bad = [buildDischargeRecord({ record_no: 'E' }), buildDischargeRecord({ record_no: 'F', sex: null })];
    // built under a spec where sex is optional, loaded into the real one
    const loose: TableSpec = { ...spec, columns: spec.columns.map((col) => (col.key === 'sex' ? { ...col, required: false } : col)) };
    await expect(c.loadArrow(spec, tableFromRows(loose, bad))).rejects.toThrow(/required column sex/);
    expect(await count()).toBe(4);
  });

  test('loads 100k rows', async () => {
    const c = getClient();
    await c.ensureTable(bulkSpec);
    const n = 100_000;
    const bulk = Array.from({ length: n }, (_, i) =>
      buildDischargeRecord({
        record_no: `BULK${i}`,
        org_code: `4502${String(i % 50).padStart(4, '0')}`,
        los_days: i % 30,
        total_cost: (i % 1000) + 0.5,
        discharge_time: `2024-${String((i % 12) + 1).padStart(2, '0')}-15 12:00:00`,
        op_code_1: i % 3 === 0 ? '47.0100' : null,
        op_name_1: i % 3 === 0 ? '腹腔镜阑尾切除术' : null,
      }),
    );
    const table = tableFromRows(bulkSpec, bulk);
    const started = performance.now();
    const result = await c.loadArrow(bulkSpec, table);
    const ms = performance.now() - started;
    console.log(`[${c.engine}] loadArrow ${n} rows x ${bulkSpec.columns.length} columns: ${ms.toFixed(0)} ms (${Math.round((n / ms) * 1000)} rows/s)`);
    expect(result.rows).toBe(n);
    const expectedLos = bulk.reduce((s, r) => s + (r.los_days as number), 0);
    const [agg] = await c.query(
      `SELECT count(*) AS n, sum(los_days) AS los, count(op_code_1) AS ops, count(DISTINCT org_code) AS orgs FROM ${c.dialect.readTable(bulkSpec)}`,
    );
    expect(agg).toEqual({ n, los: expectedLos, ops: Math.ceil(n / 3), orgs: 50 });
    const months = await c.query(`SELECT ${c.dialect.dateTrunc('month', 'discharge_time')} AS m, count(*) AS n FROM ${c.dialect.readTable(bulkSpec)} GROUP BY m ORDER BY m`);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ m: '2024-01-01', n: Math.ceil(n / 12) });
  });
}
