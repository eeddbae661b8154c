import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { enterScope } from '../src/policies/scope.js';
import { bundledLibrary, importBundledLibrary } from '../db/seeds/06_indicators.js';
import type { LibraryFile } from '../src/services/indicator-library.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, loginChangingPassword, startPlatform, type Client, type TestPlatform } from './harness.js';

const library = () => structuredClone(bundledLibrary());

/** A custom indicator body as a center would write it. */
function buildCustomIndicator(overrides: Record<string, unknown> = {}) {
  return {
    code: 'LZ-MI-01',
    name: '死亡率较全市基准的差值',
    specialty: '医学信息',
    definition: '本院住院死亡率与全市基准（千分之五）的差值。',
    numerator: '离院方式为死亡的出院患者人数',
    denominator: '同期出院患者总人数',
    unit: '%',
    direction: 'lower_better',
    kind: 'rate',
    formula: '[HQ-02] - 0.5',
    variables: {},
    changeNote: '本中心自定义',
    ...overrides,
  };
}

describe.each(ENGINES)('indicator library on $name', (engine) => {
  let t: TestPlatform;
  let city: Client;
  let director: Client;
  let otherDirector: Client;
  let liaison: Client;

  beforeAll(async () => {
    t = await startPlatform(engine);
    city = await loginAs(t.server, 'cityadmin', DEMO_PASSWORD);
    director = await loginAs(t.server, 'director01', DEMO_PASSWORD);
    liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    // a director of another center (院感 LZ-QC04)
    const admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    const qc04 = (await admin.get('/api/orgs?kind=qc_center&q=LZ-QC04')).json().items[0].id;
    const created = await admin.send('POST', '/api/users', {
      username: 'director04',
      displayName: '院感主任',
      password: 'Temp#Pass2026',
      orgId: qc04,
      roleCodes: ['center_director'],
    });
    expect(created.statusCode).toBe(201);
    otherDirector = await loginChangingPassword(t.server, 'director04', 'Temp#Pass2026', 'Final#Pass2026');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('holds all 261 national indicators after boot, counted by specialty as the file says', async () => {
    const file = bundledLibrary();
    const res = await liaison.get('/api/indicators?pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(261);
    expect(body.items).toHaveLength(200);
    const counts = Object.fromEntries(body.specialties.map((s: { name: string; count: number }) => [s.name, s.count]));
    expect(counts).toEqual(file.meta.by_specialty);
    const icu = (await liaison.get(`/api/indicators?specialty=${encodeURIComponent('重症医学')}&pageSize=200`)).json();
    expect(icu.total).toBe(file.meta.by_specialty!['重症医学']);
    expect(icu.items.every((i: { specialty: string }) => i.specialty === '重症医学')).toBe(true);
    const discharge = (await liaison.get('/api/indicators?binding=discharge&pageSize=200')).json();
    expect(discharge.items.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['HQ-01', 'HQ-02', 'PERF-04']));
    const search = (await liaison.get(`/api/indicators?q=${encodeURIComponent('住院死亡率')}`)).json();
    expect(search.items.map((i: { code: string }) => i.code)).toContain('HQ-02');
    const imports = (await city.get('/api/indicators/library/imports')).json().items;
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({ added: 261, updated: 0, importedBy: null });
    expect(imports[0].libraryVersion).toMatch(/^2026-11-27\+[0-9a-f]{12}$/);
  });

  it('shows an indicator’s definition, parts, unit, direction and source', async () => {
    const res = await liaison.get('/api/indicators/HQ-02');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'HQ-02',
      name: '住院患者住院死亡率',
      specialty: '医院运行/病案首页',
      unit: '%',
      direction: 'lower_better',
      kind: 'rate',
      origin: 'national',
      binding: 'discharge',
      version: 1,
      ownerCenter: null,
      formula: 'numerator / denominator * 100',
      variables: { numerator: '离院方式为死亡的出院患者人数', denominator: '同期出院患者总人数' },
      numerator: '离院方式为死亡的出院患者人数',
      denominator: '同期出院患者总人数',
      uncertain: true,
      uncertainFields: ['source'],
      versions: [{ version: 1, origin: 'library', createdBy: null }],
    });
    expect(res.json().definition).toContain('离院方式=死亡');
    expect(res.json().source).toContain('三级医院评审标准');
    expect(res.json().libraryVersion).toMatch(/^2026-11-27\+/);
    expect((await liaison.get('/api/indicators/MRQ-01')).json().binding).toBe('reported');
    const missing = await liaison.get('/api/indicators/NO-SUCH-1');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain('NO-SUCH-1');
  });

  it('keeps every edit as a new version; the old version stays readable', async () => {
    const edit = await city.send('POST', '/api/indicators/HQ-02/versions', {
      definition: '出院患者中住院期间死亡人数占同期出院患者总人数的比例（本市口径：含放弃治疗自动出院后24小时内死亡）。',
      changeNote: '本市口径',
    });
    expect(edit.statusCode).toBe(201);
    expect(edit.json()).toMatchObject({ version: 2, libraryVersion: null });
    expect(edit.json().definition).toContain('本市口径');
    expect(edit.json().versions).toEqual([
      expect.objectContaining({ version: 2, origin: 'local', changeNote: '本市口径', createdBy: expect.objectContaining({ name: '覃晓梅' }) }),
      expect.objectContaining({ version: 1, origin: 'library' }),
    ]);
    const v1 = await liaison.get('/api/indicators/HQ-02/versions/1');
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ code: 'HQ-02', version: 1, origin: 'library' });
    expect(v1.json().definition).not.toContain('本市口径');
    expect((await liaison.get('/api/indicators/HQ-02/versions/2')).json().definition).toContain('本市口径');
    expect((await liaison.get('/api/indicators/HQ-02/versions/3')).statusCode).toBe(404);
    const same = await city.send('POST', '/api/indicators/HQ-02/versions', { definition: edit.json().definition });
    expect(same.statusCode).toBe(400);
    const audit = (await loginAs(t.server, 'auditor', DEMO_PASSWORD)).get('/api/audit?action=indicator.revise');
    const entries = (await audit).json().items as { action: string; objectId: string; username: string }[];
    expect(entries.some((e) => e.objectId === 'HQ-02' && e.username === 'cityadmin')).toBe(true);
  });

  it('merges a newer library file: untouched ones updated, new ones added, local edits kept and reported', async () => {
    const file: LibraryFile = library();
    file.meta.generated = '2026-12-01';
    const untouched = file.indicators.find((i) => i.code === 'MRQ-01')!;
    untouched.definition = `${untouched.definition}（2026年12月修订）`;
    file.indicators.find((i) => i.code === 'HQ-02')!.notes = '国家库新注释';
    file.indicators.push({ ...structuredClone(untouched), code: 'MRQ-99', name: '新增的病案指标', definition: '国家库新增' });

    const res = await city.send('POST', '/api/indicators/library/import', file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ added: 1, updated: 1, keptLocal: ['HQ-02'], unchanged: 259 });
    expect(res.json().libraryVersion).toMatch(/^2026-12-01\+[0-9a-f]{12}$/);

    const mrq = (await liaison.get('/api/indicators/MRQ-01')).json();
    expect(mrq).toMatchObject({ version: 2, libraryVersion: res.json().libraryVersion });
    expect(mrq.definition).toContain('2026年12月修订');
    expect(mrq.versions.map((v: { origin: string }) => v.origin)).toEqual(['library', 'library']);
    expect((await liaison.get('/api/indicators/MRQ-99')).json()).toMatchObject({ version: 1, name: '新增的病案指标' });
    const hq = (await liaison.get('/api/indicators/HQ-02')).json();
    expect(hq.version).toBe(2);
    expect(hq.definition).toContain('本市口径');
    expect(hq.notes).not.toBe('国家库新注释');
    expect((await liaison.get('/api/indicators?pageSize=1')).json().total).toBe(262);

    // the same file again changes nothing
    const again = await city.send('POST', '/api/indicators/library/import', file);
    expect(again.json()).toMatchObject({ added: 0, updated: 0, keptLocal: ['HQ-02'], unchanged: 261 });
    expect((await liaison.get('/api/indicators/MRQ-01')).json().version).toBe(2);
    expect((await liaison.get('/api/indicators/HQ-02')).json().version).toBe(2);
    expect((await liaison.get('/api/indicators?pageSize=1')).json().total).toBe(262);
    const imports = (await city.get('/api/indicators/library/imports')).json().items;
    expect(imports[0]).toMatchObject({ added: 0, importedBy: { name: '覃晓梅' } });
  });

  it('at boot merges a bundled file it has not seen, and never rolls back to an older one', async () => {
    const knex = t.platform.db.knex;
    const older = library();
    older.meta.generated = '2026-11-30';
    older.indicators.find((i) => i.code === 'MRQ-02')!.name = '旧文件里的名称';
    expect(await knex.transaction((trx) => importBundledLibrary(trx, older))).toBeNull();
    const newer = library();
    newer.meta.generated = '2027-01-15';
    const changed = newer.indicators.find((i) => i.code === 'MRQ-02')!;
    changed.name = `${changed.name}（2027版）`;
    const result = await knex.transaction((trx) => importBundledLibrary(trx, newer));
    // HQ-02 in this file is what its local edit was made from: nothing new to report about it
    expect(result).toMatchObject({ added: 0, keptLocal: [] });
    // MRQ-02 and MRQ-01 (back to the bundled text) are library updates; MRQ-99 is simply no longer listed
    expect(result!.updated).toBe(2);
    expect((await liaison.get('/api/indicators/MRQ-02')).json().name).toContain('2027版');
    expect(await knex.transaction((trx) => importBundledLibrary(trx, newer))).toBeNull();
  });

  it('lets a center director add a custom indicator built on [HQ-02], listed with its owner center', async () => {
    const res = await director.send('POST', '/api/indicators', buildCustomIndicator());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'LZ-MI-01',
      origin: 'custom',
      binding: 'reported',
      version: 1,
      ownerCenter: { name: '柳州市医学信息质量控制中心' },
      formula: '[HQ-02] - 0.5',
    });
    const list = (await liaison.get('/api/indicators?origin=custom')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ code: 'LZ-MI-01', ownerCenter: { name: '柳州市医学信息质量控制中心' } });
    expect(list.specialties).toEqual([{ name: '医学信息', count: 1 }]);
    const dup = await director.send('POST', '/api/indicators', buildCustomIndicator());
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toContain('LZ-MI-01');
    // the owner revises it
    const revised = await director.send('POST', '/api/indicators/LZ-MI-01/versions', { formula: '[HQ-02] - 0.4', changeNote: '基准调整' });
    expect(revised.statusCode).toBe(201);
    expect(revised.json().version).toBe(2);
  });

  it('refuses formulas with an unknown name, a syntax error or a cycle, naming the position', async () => {
    const unknown = await director.send('POST', '/api/indicators', buildCustomIndicator({ code: 'LZ-MI-02', formula: 'deaths / denominator * 100', variables: { denominator: '出院人数' } }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('FORMULA_INVALID');
    expect(unknown.json().details.issues[0]).toMatchObject({ code: 'unknown_name', offset: 0, line: 1, column: 1 });
    expect(unknown.json().message).toContain('deaths');

    const syntax = await director.send('POST', '/api/indicators', buildCustomIndicator({ code: 'LZ-MI-02', formula: 'numerator / * 100', variables: { numerator: '人数' } }));
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().code).toBe('FORMULA_INVALID');
    expect(syntax.json().details.issues[0]).toMatchObject({ code: 'syntax', line: 1, column: 13 });

    // LZ-MI-02 on LZ-MI-01, then LZ-MI-01 on LZ-MI-02: a cycle
    const second = await director.send('POST', '/api/indicators', buildCustomIndicator({ code: 'LZ-MI-02', formula: '[LZ-MI-01] * 2' }));
    expect(second.statusCode).toBe(201);
    const cycle = await director.send('POST', '/api/indicators/LZ-MI-01/versions', { formula: '[HQ-02] + [LZ-MI-02]' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().code).toBe('FORMULA_INVALID');
    const issue = cycle.json().details.issues.find((i: { code: string }) => i.code === 'cycle');
    expect(issue).toMatchObject({ line: 1, column: 11 });
    expect((await liaison.get('/api/indicators/LZ-MI-01')).json().version).toBe(2);

    // the editor's live check answers the same, for anyone who may read the library
    const live = await liaison.send('POST', '/api/indicators/check-formula', { formula: 'numerator / (denominator', variables: ['numerator', 'denominator'] });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ ok: false, issues: [expect.objectContaining({ code: 'syntax', line: 1 })] });
    const good = await liaison.send('POST', '/api/indicators/check-formula', { formula: '[HQ-02] * 10', variables: [] });
    expect(good.json()).toMatchObject({ ok: true, issues: [], references: { indicators: ['HQ-02'] } });
    const liveCycle = await liaison.send('POST', '/api/indicators/check-formula', { formula: '[LZ-MI-02] + 1', code: 'LZ-MI-01' });
    expect(liveCycle.json().issues.map((i: { code: string }) => i.code)).toContain('cycle');
  });

  it('refuses writes outside permission: a liaison (403) and another center’s director (403)', async () => {
    const byLiaison = await liaison.send('POST', '/api/indicators', buildCustomIndicator({ code: 'LZ-H01-01' }));
    expect(byLiaison.statusCode).toBe(403);
    expect((await liaison.send('POST', '/api/indicators/HQ-01/versions', { name: '改名' })).statusCode).toBe(403);
    expect((await liaison.send('POST', '/api/indicators/library/import', library())).statusCode).toBe(403);

    const byOther = await otherDirector.send('POST', '/api/indicators/LZ-MI-01/versions', { name: '别的中心改名' });
    expect(byOther.statusCode).toBe(403);
    expect(byOther.json().message).toContain('本质控中心');
    expect((await liaison.get('/api/indicators/LZ-MI-01')).json().name).toBe('死亡率较全市基准的差值');
    // a center may not revise national indicators nor import the library
    expect((await director.send('POST', '/api/indicators/HQ-01/versions', { name: '改名' })).statusCode).toBe(403);
    expect((await director.send('POST', '/api/indicators/library/import', library())).statusCode).toBe(403);
    // the other center adds its own
    const own = await otherDirector.send('POST', '/api/indicators', buildCustomIndicator({
        code: 'LZ-HAI-01',
        specialty: '医院感染管理',
        formula: 'numerator / denominator * 100',
        variables: { numerator: '发生例数', denominator: '住院患者人数' },
      }));
    expect(own.statusCode).toBe(201);
    expect(own.json().ownerCenter.name).toBe('柳州市医院感染管理质量控制中心');
    // the city may revise any custom indicator; two saves at once become two versions
    const both = await Promise.all([
      city.send('POST', '/api/indicators/LZ-HAI-01/versions', { notes: '市级备注' }),
      otherDirector.send('POST', '/api/indicators/LZ-HAI-01/versions', { definition: '中心修订的定义' }),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    const history = (await liaison.get('/api/indicators/LZ-HAI-01')).json();
    expect(history.version).toBe(3);
    expect(history.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    // neither edit is lost: the later one was made on top of the earlier
    expect(history).toMatchObject({ notes: '市级备注', definition: '中心修订的定义' });
  });

  it('keeps the same rules in the database itself (Row-Level Security for the application role)', async () => {
    const knex = t.platform.db.knex;
    const ids = await knex('organizations').whereIn('code', ['LZ-QC03', 'LZ-QC04']).orderBy('code').pluck('id');
    const [qc03, qc04] = ids.map(Number) as [number, number];
    const asCenter = <T>(center: number, fn: (trx: Knex.Transaction) => Promise<T>) =>
      knex.transaction(async (trx) => {
        await enterScope(trx, { kind: 'orgs', orgIds: [center] }, 1);
        return fn(trx);
      });
    // everyone reads the library
    expect(Number((await asCenter(qc04, (trx) => trx('indicators').count({ n: '*' }).first()))!.n)).toBeGreaterThan(261);
    // another center cannot write a version of LZ-MI-01, nor touch a national indicator
    const mi01 = (await knex('indicators').where('code', 'LZ-MI-01').first()) as { id: number };
    const version = { indicator_id: mi01.id, version: 99, name: 'x', specialty: 'x', direction: 'lower_better', kind: 'rate', formula: '1', binding: 'reported', origin: 'local' };
    await expect(asCenter(qc04, (trx) => trx('indicator_versions').insert(version))).rejects.toThrow(/row-level security/);
    expect(await asCenter(qc04, (trx) => trx('indicators').where('code', 'HQ-01').update({ status: 'retired' }))).toBe(0);
    expect(await asCenter(qc03, (trx) => trx('indicators').where('code', 'HQ-01').update({ status: 'retired' }))).toBe(0);
    // the owner center may
    expect(await asCenter(qc03, (trx) => trx('indicators').where('code', 'LZ-MI-01').update({ updated_at: new Date() }))).toBe(1);
  });

  it('answers bad input with Chinese messages that name the field', async () => {
    const res = await director.send('POST', '/api/indicators', { code: 'bad code!', name: '', direction: 'up', kind: 'rate', formula: '1', variables: {} });
    expect(res.statusCode).toBe(400);
    const fields = res.json().details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['payload.code', 'payload.name', 'payload.specialty', 'payload.direction']));
    expect(res.json().message).toContain('指标编码');
    expect(res.json().message).toContain('指标导向');
    const empty = await city.send('POST', '/api/indicators/HQ-01/versions', { changeNote: '只有说明' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('至少填写一个');
    const badFile = await city.send('POST', '/api/indicators/library/import', { meta: { generated: '昨天' }, indicators: [] });
    expect(badFile.statusCode).toBe(400);
    expect(badFile.json().message).toContain('生成日期');
  });

  it('answers hostile input with 4xx in the error shape, never a database message', async () => {
    const hostile = ["' OR '1'='1", 'a\u0000b', '../../etc/passwd', '[HQ-02]', '9'.repeat(40), '😀', 'x'.repeat(5000)];
    for (const value of hostile) {
      const v = encodeURIComponent(value);
      for (const res of [
        await city.get(`/api/indicators/${v}`),
        await city.get(`/api/indicators/${v}/versions/1`),
        await city.get(`/api/indicators?q=${v}&specialty=${v}`),
        await city.send('POST', `/api/indicators/${v}/versions`, { name: value }),
        await city.send('POST', '/api/indicators/check-formula', { formula: value }),
        await city.send('POST', '/api/indicators', buildCustomIndicator({ code: value, formula: value })),
      ]) {
        expect(res.statusCode, `${value.slice(0, 20)} → ${res.payload.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
          expect(res.payload).not.toMatch(/violates|syntax error at|relation "/);
        }
      }
    }
    const deep = await city.send('POST', '/api/indicators/check-formula', { formula: `${'('.repeat(900)}1${')'.repeat(900)}` });
    expect(deep.statusCode).toBe(200);
  });
});
