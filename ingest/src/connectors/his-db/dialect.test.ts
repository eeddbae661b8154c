import { mysqlDialect, pageQuery, postgresDialect } from './dialect.js';

describe('his-db page query', () => {
  it('pages after (cursor, key…) with placeholders only, on both engines', () => {
    const after = { cursor: '2024-03-01 08:00:00.000001+08', lastKey: ['BA0002', 1] };
    const input = { schema: 'his', table: 'v_ba', columns: ['gxsj', 'record_no', 'admission_seq', 'sex'], cursorColumn: 'gxsj', keyColumns: ['record_no', 'admission_seq'], after, pageSize: 500 };
    expect(pageQuery(postgresDialect, input)).toEqual({
      sql: 'SELECT "gxsj", "record_no", "admission_seq", "sex" FROM "his"."v_ba" WHERE "gxsj" IS NOT NULL AND ("gxsj", "record_no", "admission_seq") > ($1, $2, $3) ORDER BY "gxsj", "record_no", "admission_seq" LIMIT $4',
      params: ['2024-03-01 08:00:00.000001+08', 'BA0002', 1, 500],
    });
    const my = pageQuery(mysqlDialect, { ...input, after: undefined });
    expect(my.sql).toBe('SELECT `gxsj`, `record_no`, `admission_seq`, `sex` FROM `his`.`v_ba` WHERE `gxsj` IS NOT NULL ORDER BY `gxsj`, `record_no`, `admission_seq` LIMIT ?');
    expect(my.params).toEqual(['500']);
  });

  it('re-reads the last update time when the saved key no longer fits', () => {
    const q = pageQuery(postgresDialect, { table: 't', columns: ['u'], cursorColumn: 'u', keyColumns: ['k'], after: { cursor: 'x', lastKey: [] }, pageSize: 1 });
    expect(q.sql).toContain('"u" >= $1');
  });

  it('quotes what it is given even if validation were bypassed', () => {
    expect(postgresDialect.quote('a"b')).toBe('"a""b"');
    expect(mysqlDialect.quote('a`b')).toBe('`a``b`');
  });
});
