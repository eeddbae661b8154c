import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { api, ARTIFACTS, explainOf, launchBrowser, shot, signIn, startPlatform, step, type RunningPlatform } from './harness.js';

const HOSPITAL = 'LZ-H01';
const INDICATOR = 'E2E-DSG-01';
const FORM_CODE = 'E2E-DSG';
const FORM_NAME = 'E2E 导管感染监测月报';
const DEADLINE_DAYS = 15;
// last month in Liuzhou: always among the months the publish dialog offers, whenever the test runs
const LIUZHOU_NOW = new Date(Date.now() + 8 * 3_600_000);
const PERIOD_MONTH = new Date(Date.UTC(LIUZHOU_NOW.getUTCFullYear(), LIUZHOU_NOW.getUTCMonth() - 1, 1));
const PERIOD = `${PERIOD_MONTH.getUTCFullYear()}-${String(PERIOD_MONTH.getUTCMonth() + 1).padStart(2, '0')}`;
const PERIOD_TEXT = `${PERIOD_MONTH.getUTCFullYear()}年${PERIOD_MONTH.getUTCMonth() + 1}月`;
// due DEADLINE_DAYS after the period's last day: day DEADLINE_DAYS of the next month
const DUE_DATE = new Date(Date.UTC(PERIOD_MONTH.getUTCFullYear(), PERIOD_MONTH.getUTCMonth() + 1, DEADLINE_DAYS)).toISOString().slice(0, 10);
const NUMERATOR = { code: 'infections', label: '导管相关血流感染例数', unit: '例' };
const DENOMINATOR = { code: 'catheters', label: '中心静脉置管例数', unit: '例' };
const RULE_MESSAGE = `“${NUMERATOR.label}”不能大于“${DENOMINATOR.label}”`;

const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** The open dropdown's option with exactly this text. */
const optionOf = (page: Page, text: string) => page.locator('.ant-select-dropdown nz-option-item').filter({ hasText: exactly(text) });

/** Opens an nz-select, optionally types to search, and clicks the option as a person would. */
async function choose(page: Page, select: Locator, option: string, search?: string): Promise<void> {
  await select.click();
  if (search) await page.keyboard.type(search, { delay: 20 });
  await optionOf(page, option).click();
}

/** Opens 数据上报 → one of its pages through the side menu. */
async function openMenu(page: Page, item: string): Promise<void> {
  const menu = page.locator('.ant-menu-root');
  const entry = menu.getByText(item, { exact: true });
  // the group opens on a click only when it is shut; its title shows once the menu has rendered
  await menu.getByText('数据上报', { exact: true }).waitFor();
  if (!(await entry.isVisible())) await menu.getByText('数据上报', { exact: true }).click();
  await entry.click();
}

/** Reads a downloaded or to-be-uploaded template: the value cells by field code. */
async function loadTemplate(buffer: Buffer) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('填报');
  assert.ok(ws, 'the template has the sheet 填报');
  const text = (row: number, col: number) => String(ws.getCell(row, col).text ?? '').trim();
  let header = 0;
  ws.eachRow((_row, n) => {
    if (!header && text(n, 1) === '字段代码') header = n;
  });
  assert.ok(header > 0, 'the template has its table header');
  const rowOf = (code: string) => {
    for (let n = header + 1; n <= ws.rowCount; n++) if (text(n, 1) === code) return n;
    assert.fail(`the template has no row for ${code}`);
  };
  return {
    text,
    header,
    rowOf,
    /** Writes values into the 填报值 column and returns the file's bytes. */
    async fill(values: Record<string, string | number>): Promise<Buffer> {
      for (const [code, value] of Object.entries(values)) ws.getCell(rowOf(code), 7).value = value;
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}

/** Uploads a filled template through 我的填报 → 导入Excel. */
async function importFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/reporting/tasks/import') && r.request().method() === 'POST');
  await page.getByTestId('tasks-import-input').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await answer;
}

describe('表单设计: the center director designs a form in the designer, publishes it from the list, the liaison fills it through the Excel template', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let director: { context: BrowserContext; page: Page };
  let liaison: { context: BrowserContext; page: Page };
  let formId: number;
  let template: Buffer;

  before(async () => {
    platform = await startPlatform();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('the director builds the form in the designer: fields bound to an indicator, a rule, a hospital; it is listed as a draft', async () => {
    director = await signIn(browser, platform.url, 'director01');
    const page = director.page;
    await step(page, 'designer-build', async () => {
      // The indicator is the library's concern, not this page's: it is created the quick way.
      await api(page, 'POST', '/api/indicators', {
        code: INDICATOR,
        name: 'E2E 导管相关血流感染发生率',
        specialty: '医学信息',
        definition: '同期导管相关血流感染例数占中心静脉置管例数的比例',
        numerator: NUMERATOR.label,
        denominator: DENOMINATOR.label,
        unit: '%',
        direction: 'lower_better',
        kind: 'rate',
        formula: 'numerator / denominator * 100',
        variables: { numerator: NUMERATOR.label, denominator: DENOMINATOR.label },
        changeNote: 'E2E',
      });
      const orgs = await api<{ items: { id: number; code: string; name: string }[] }>(page, 'GET', `/api/orgs?kind=hospital&q=${HOSPITAL}&pageSize=200`);
      const hospital = orgs.items.find((h) => h.code === HOSPITAL);
      assert.ok(hospital, `${HOSPITAL} is in the director's scope`);

      await openMenu(page, '表单管理');
      await page.waitForURL(/\/reporting\/forms$/);
      await page.locator('tr[data-form-id]').first().waitFor();
      await shot(page, 'designer', '01-forms-list');

      await page.getByTestId('form-new').click();
      await page.waitForURL(/\/reporting\/forms\/new$/);
      await page.getByRole('heading', { name: '新建上报表单' }).waitFor();
      await page.fill('#rf-code', FORM_CODE);
      await page.fill('#rf-name', FORM_NAME);
      await choose(page, page.locator('nz-form-item').filter({ hasText: '填报周期' }).locator('nz-select'), '按月');
      await page.fill('#rf-deadline', String(DEADLINE_DAYS));
      await page.locator('#rf-deadline').press('Tab');

      // A new form starts with one empty field; the second one is added with the button.
      const rows = page.locator('[data-field-index]');
      assert.equal(await rows.count(), 1);
      await page.getByTestId('designer-add-field').click();
      await rows.nth(1).waitFor();
      for (const [i, f, variable] of [
        [0, NUMERATOR, '分子（numerator）'],
        [1, DENOMINATOR, '分母（denominator）'],
      ] as const) {
        const row = rows.nth(i);
        await page.getByLabel(`字段${i + 1}代码`, { exact: true }).fill(f.code);
        await page.getByLabel(`字段${i + 1}名称`, { exact: true }).fill(f.label);
        await page.getByLabel(`字段${i + 1}单位`, { exact: true }).fill(f.unit);
        const item = (label: string) => row.locator('nz-form-item').filter({ hasText: label }).locator('nz-select');
        await choose(page, item('类型'), '整数');
        await choose(page, item('绑定指标'), `${INDICATOR} E2E 导管相关血流感染发生率`, INDICATOR);
        // the variable list is the picked indicator's own, learnt once it is bound
        await choose(page, item('指标变量'), variable);
        await item('指标变量').getByText(variable).waitFor();
      }
      // the rule card offers the codes just typed
      await page.locator('code.chip').getByText(DENOMINATOR.code, { exact: true }).waitFor();

      await page.getByTestId('designer-add-rule').click();
      await page.getByLabel('规则1表达式', { exact: true }).fill(`${NUMERATOR.code} <= ${DENOMINATOR.code}`);
      await page.getByLabel('规则1提示', { exact: true }).fill(RULE_MESSAGE);

      const hospitals = page.getByTestId('designer-hospitals');
      await choose(page, hospitals, hospital.name, hospital.name);
      // closing the dropdown: a click elsewhere, as a person does
      await page.getByRole('heading', { name: '新建上报表单' }).click();
      await optionOf(page, hospital.name).waitFor({ state: 'hidden' });
      await hospitals.locator('nz-select-item').getByText(hospital.name).waitFor();
      await shot(page, 'designer', '02-designer-filled');

      const created = page.waitForResponse((r) => r.url().endsWith('/api/reporting/forms') && r.request().method() === 'POST');
      await page.getByTestId('designer-save').click();
      assert.ok((await created).ok(), 'the form is created');
      await page.waitForURL(/\/reporting\/forms\/\d+$/);
      formId = Number(/\/reporting\/forms\/(\d+)$/.exec(page.url())![1]);
      await page.getByText('表单已创建，可在列表中发布').waitFor();
      await page.getByRole('heading', { name: new RegExp(`表单设计：${FORM_NAME}`) }).getByText('草稿').waitFor();

      // What the designer sent is what a form of this shape needs: read it back from the server.
      const saved = await api<{
        code: string;
        periodGrain: string;
        deadlineDays: number;
        status: string;
        fields: { code: string; label: string; unit: string | null; type: string; indicatorCode: string | null; indicatorVariable: string | null }[];
        rules: { expression: string; message: string }[];
        hospitals: { code: string }[];
      }>(page, 'GET', `/api/reporting/forms/${formId}`);
      assert.equal(saved.code, FORM_CODE);
      assert.equal(saved.periodGrain, 'month');
      assert.equal(saved.deadlineDays, DEADLINE_DAYS);
      assert.equal(saved.status, 'draft');
      assert.deepEqual(
        saved.fields.map((f) => [f.code, f.label, f.unit, f.type, f.indicatorCode, f.indicatorVariable]),
        [
          [NUMERATOR.code, NUMERATOR.label, NUMERATOR.unit, 'integer', INDICATOR, 'numerator'],
          [DENOMINATOR.code, DENOMINATOR.label, DENOMINATOR.unit, 'integer', INDICATOR, 'denominator'],
        ],
      );
      assert.deepEqual(saved.rules, [{ expression: `${NUMERATOR.code} <= ${DENOMINATOR.code}`, message: RULE_MESSAGE }]);
      assert.deepEqual(saved.hospitals.map((h) => h.code), [HOSPITAL]);
      await shot(page, 'designer', '03-designer-saved');

      // the designer on a phone: no sideways scrolling
      await page.setViewportSize({ width: 360, height: 780 });
      await page.getByLabel('字段2名称', { exact: true }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the designer fits a 360 px phone (overflow ${overflow}px)`);
      await shot(page, 'designer', '04-designer-phone-360');
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.getByRole('link', { name: '返回' }).click();
      await page.waitForURL(/\/reporting\/forms$/);
      const row = page.locator(`tr[data-form-id="${formId}"]`);
      await row.getByText('草稿', { exact: true }).waitFor();
      const text = await row.innerText();
      assert.match(text, new RegExp(FORM_CODE));
      assert.match(text, new RegExp(FORM_NAME));
      assert.match(text, /2\s*\/\s*1/, 'two fields, one hospital');
      await shot(page, 'designer', '05-forms-draft');
    });
  });

  it(`the director publishes it from the list for ${PERIOD}`, async () => {
    const page = director.page;
    await step(page, 'designer-publish', async () => {
      const row = page.locator(`tr[data-form-id="${formId}"]`);
      await row.getByTestId('form-publish').click();
      const modal = page.locator('.ant-modal');
      await modal.getByText(`发布：${FORM_NAME}`).waitFor();
      const periods = page.getByTestId('publish-periods');
      // The dialog proposes the month just ended; this test collects September instead.
      const proposed = await periods.locator('nz-select-item').allInnerTexts();
      assert.equal(proposed.length, 1);
      await periods.click();
      await optionOf(page, proposed[0].trim()).click();
      await optionOf(page, PERIOD_TEXT).click();
      await modal.getByText('为所选期间给表单的每家医疗机构生成填报任务').click();
      await optionOf(page, PERIOD_TEXT).waitFor({ state: 'hidden' });
      assert.deepEqual((await periods.locator('nz-select-item').allInnerTexts()).map((t) => t.trim()), [PERIOD_TEXT]);
      await shot(page, 'designer', '06-publish-dialog');

      const published = page.waitForResponse((r) => r.url().endsWith(`/api/reporting/forms/${formId}/publish`));
      await modal.locator('.ant-modal-footer').getByRole('button', { name: /发\s*布/ }).click();
      assert.ok((await published).ok());
      await page.locator('.ant-message').getByText(`已发布 ${PERIOD_TEXT}，生成 1 项填报任务`).waitFor();
      await row.getByText('已发布', { exact: true }).waitFor();
      await modal.waitFor({ state: 'hidden' });
      await shot(page, 'designer', '07-forms-published');
    });
  });

  it('the liaison opens the task and downloads the Excel template; it lists the fields by code and label', async () => {
    liaison = await signIn(browser, platform.url, 'liaison01');
    const page = liaison.page;
    await step(page, 'designer-liaison-template', async () => {
      await openMenu(page, '我的填报');
      await page.waitForURL(/\/reporting\/tasks$/);
      const row = page.locator('tr[data-task-id]').filter({ hasText: FORM_NAME });
      await row.waitFor();
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), new RegExp(`${PERIOD_TEXT}[\\s\\S]*待填报`));
      await shot(page, 'designer', '08-liaison-tasks');
      await row.click();
      await page.waitForURL(/\/reporting\/tasks\/\d+$/);
      await page.getByTestId('fill-title').getByText(FORM_NAME).waitFor();
      // 30 September + 15 days
      await page.getByText(`截止 ${DUE_DATE}`).waitFor();
      await page.getByLabel(NUMERATOR.label, { exact: true }).waitFor();

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-download').click()]);
      assert.equal(download.suggestedFilename(), `上报模板-${FORM_CODE}-${PERIOD}.xlsx`);
      const file = path.join(ARTIFACTS, 'designer-template.xlsx');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await download.saveAs(file);
      template = fs.readFileSync(file);

      const t = await loadTemplate(template);
      assert.deepEqual([t.text(1, 1), t.text(1, 2), t.text(1, 3)], ['表单编码', FORM_CODE, FORM_NAME]);
      assert.deepEqual([t.text(2, 1), t.text(2, 2)], ['期间', PERIOD]);
      assert.deepEqual([t.text(3, 1), t.text(3, 2)], ['机构代码', HOSPITAL]);
      assert.deepEqual(
        [1, 2, 3, 4, 5, 6, 7].map((c) => t.text(t.header, c)),
        ['字段代码', '字段名称', '单位', '类型', '必填', '取值范围', '填报值'],
      );
      for (const f of [NUMERATOR, DENOMINATOR]) {
        const n = t.rowOf(f.code);
        assert.deepEqual([t.text(n, 2), t.text(n, 3), t.text(n, 4), t.text(n, 5), t.text(n, 7)], [f.label, f.unit, '整数', '是', '']);
      }
      await shot(page, 'designer', '09-liaison-fill-page');
    });
  });

  it('a template with 分子 > 分母 is imported as a draft; the rule message appears under the field it names', async () => {
    const page = liaison.page;
    await step(page, 'designer-liaison-import-invalid', async () => {
      await openMenu(page, '我的填报');
      await page.waitForURL(/\/reporting\/tasks$/);

      // A cell that is not a number refuses the whole file, naming the row and the field.
      const garbled = await (await loadTemplate(template)).fill({ [NUMERATOR.code]: '三十', [DENOMINATOR.code]: 20 });
      await importFile(page, `${FORM_CODE}-bad-cell.xlsx`, garbled);
      const numeratorRow = (await loadTemplate(template)).rowOf(NUMERATOR.code);
      await page.getByTestId('import-result').getByText(`第${numeratorRow}行（${NUMERATOR.label}）：“三十”不是数字`).waitFor();
      await page.getByTestId('import-result').getByText('文件未导入').waitFor();
      await shot(page, 'designer', '10-import-refused-cell');

      const inverted = await (await loadTemplate(template)).fill({ [NUMERATOR.code]: 30, [DENOMINATOR.code]: 20 });
      await importFile(page, `${FORM_CODE}-inverted.xlsx`, inverted);
      const result = page.getByTestId('import-result');
      await result.getByText('导入完成，已保存为草稿，请核对后提交').waitFor();
      await result.getByText('草稿有 1 处需要修改：').waitFor();
      // the import note already says what to fix, in the rule's words
      await result.getByTestId('import-draft-errors').getByText(RULE_MESSAGE).waitFor();
      await page.locator('tr[data-task-id]').filter({ hasText: FORM_NAME }).getByTestId('task-status').getByText('草稿').waitFor();
      await shot(page, 'designer', '11-import-draft-with-issue');

      await result.getByRole('button', { name: '打开该任务核对' }).click();
      await page.waitForURL(/\/reporting\/tasks\/\d+$/);
      await page.getByTestId(`field-${NUMERATOR.code}`).waitFor();
      assert.equal(await page.getByTestId(`field-${NUMERATOR.code}`).inputValue(), '30');
      assert.equal(await page.getByTestId(`field-${DENOMINATOR.code}`).inputValue(), '20');
      await page.getByTestId('fill-status').getByText('草稿').waitFor();
      await explainOf(page, NUMERATOR.code).getByText(RULE_MESSAGE).waitFor({ timeout: 15_000 });
      assert.equal(await explainOf(page, DENOMINATOR.code).count(), 0);
      assert.match(await page.getByTestId('validation-status').innerText(), /1 处需要修改/);
      await shot(page, 'designer', '12-draft-message-under-field');
    });
  });

  it('a corrected template is imported, its values fill the boxes, and the liaison submits (on a phone)', async () => {
    const page = liaison.page;
    await step(page, 'designer-liaison-import-valid', async () => {
      await openMenu(page, '我的填报');
      await page.waitForURL(/\/reporting\/tasks$/);
      const fixed = await (await loadTemplate(template)).fill({ [NUMERATOR.code]: 12, [DENOMINATOR.code]: 240 });
      await importFile(page, `${FORM_CODE}-fixed.xlsx`, fixed);
      const result = page.getByTestId('import-result');
      await result.getByText('导入完成，已保存为草稿，请核对后提交').waitFor();
      assert.doesNotMatch(await result.innerText(), /需要修改/);
      await shot(page, 'designer', '13-import-clean');

      await page.setViewportSize({ width: 360, height: 780 });
      await result.getByRole('button', { name: '打开该任务核对' }).click();
      await page.waitForURL(/\/reporting\/tasks\/\d+$/);
      await page.getByTestId('validation-status').getByText('校验通过').waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId(`field-${NUMERATOR.code}`).inputValue(), '12');
      assert.equal(await page.getByTestId(`field-${DENOMINATOR.code}`).inputValue(), '240');
      assert.equal(await explainOf(page, NUMERATOR.code).count(), 0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the fill page fits a 360 px phone (overflow ${overflow}px)`);
      await shot(page, 'designer', '14-fill-imported-phone-360');

      await page.getByTestId('fill-submit').click();
      await page.getByTestId('fill-status').getByText('待审核').waitFor();
      await page.getByText('已提交，等待质控中心审核；审核前不能修改。').waitFor();
      assert.equal(await page.getByTestId('fill-submit').count(), 0, 'a submitted task cannot be changed');
      await shot(page, 'designer', '15-submitted-phone-360');
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });

  it('the director sees the submitted values waiting for review', async () => {
    const page = director.page;
    await step(page, 'designer-director-review', async () => {
      await openMenu(page, '上报审核');
      await page.waitForURL(/\/reporting\/review$/);
      const row = page.locator('tr[data-task-id]').filter({ hasText: FORM_NAME });
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(`${PERIOD_TEXT}[\\s\\S]*待审核`));
      await row.click();
      await page.waitForURL(/\/reporting\/review\/\d+$/);
      const current = (code: string) => page.getByTestId('review-values').locator(`tr[data-field="${code}"] .current`);
      await current(NUMERATOR.code).waitFor();
      assert.match(await current(NUMERATOR.code).innerText(), /^\s*12\s*例\s*$/);
      assert.match(await current(DENOMINATOR.code).innerText(), /^\s*240\s*例\s*$/);
      await page.getByTestId('review-status').getByText('待审核').waitFor();
      await shot(page, 'designer', '16-director-review');
    });
  });
});
