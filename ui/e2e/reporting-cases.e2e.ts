import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, explainOf, launchBrowser, shot, signIn, startPlatform, step, type RunningPlatform } from './harness.js';

const HOSPITAL = 'LZ-H01';
const HOSPITAL_NAME = '柳州市工人医院';
const INDICATOR = 'EM-03';
const FORM_CODE = 'E2E-STAY';
const FORM_NAME = 'E2E 抢救室滞留时间月报';
// before every demo month (the demo's EM-STAY form fills the last six), so only this test's cases count
const PERIOD = '2025-03';
const STAY = { code: 'stay', label: '抢救室滞留时间', unit: '小时' };
const RESCUES = { code: 'rescues', label: '抢救人次', unit: '人次' };
const RULE_MESSAGE = `“${STAY.label}”的例数不能多于“${RESCUES.label}”`;
// a column as Excel puts it on the clipboard: CRLF after every cell, the last one too
const PASTED = '1.5\r\n2\r\n3\r\n10\r\n';
const CASES = ['1.5', '2', '3', '10'];
const DIGEST = `4 例（中位数 2.5 ${STAY.unit}，最小 1.5，最大 10）`;

/** Narrows a task list to the test's period (the demo's months fill the first pages). */
async function filterPeriod(page: Page): Promise<void> {
  await page.getByTestId('tasks-table').waitFor();
  const listed = page.waitForResponse((r) => r.url().includes('/api/reporting/tasks?') && r.url().includes(`period=${PERIOD}`));
  await page.getByLabel('期间', { exact: true }).fill(PERIOD);
  await page.getByLabel('期间', { exact: true }).press('Enter');
  await listed;
}

/** The text of an element with its runs of white space made single spaces. */
const textOf = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ').trim();

describe('逐例数值: a liaison pastes a column of cases, the center reviews the list, EM-03 shows its median and drills to the cases', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let director: { context: BrowserContext; page: Page };
  let liaison: { context: BrowserContext; page: Page };
  let taskId: number;

  before(async () => {
    platform = await startPlatform();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it(`the center director publishes a form with a 逐例数值 field bound to ${INDICATOR} for ${PERIOD} (through the API)`, async () => {
    director = await signIn(browser, platform.url, 'director01', { liuzhouClock: true, clipboard: true });
    await step(director.page, 'cases-director-publish', async () => {
      const page = director.page;
      const hospitals = await api<{ items: { id: number; code: string }[] }>(page, 'GET', `/api/orgs?kind=hospital&q=${HOSPITAL}&pageSize=200`);
      const hospital = hospitals.items.find((h) => h.code === HOSPITAL);
      assert.ok(hospital, `${HOSPITAL} is in the director's scope`);
      const form = await api<{ id: number; fields: { code: string; type: string; element: string }[] }>(page, 'POST', '/api/reporting/forms', {
        code: FORM_CODE,
        name: FORM_NAME,
        description: null,
        periodGrain: 'month',
        deadlineDays: 10,
        remindDays: 3,
        fields: [
          { ...STAY, type: 'cases', required: true, min: 0, max: 72, indicatorCode: INDICATOR, indicatorVariable: 'durations' },
          { ...RESCUES, type: 'integer', required: true, min: 0, max: null, indicatorCode: null, indicatorVariable: null },
        ],
        rules: [{ expression: `COUNT(${STAY.code}) <= ${RESCUES.code}`, message: RULE_MESSAGE }],
        hospitalIds: [hospital.id],
      });
      assert.deepEqual(
        form.fields.map((f) => [f.code, f.type, f.element]),
        [
          [STAY.code, 'cases', `${INDICATOR}:durations`],
          [RESCUES.code, 'integer', `${FORM_CODE}:${RESCUES.code}`],
        ],
      );
      const published = await api<{ created: number }>(page, 'POST', `/api/reporting/forms/${form.id}/publish`, { periods: [PERIOD] });
      assert.equal(published.created, 1);
      const tasks = await api<{ items: { id: number }[] }>(page, 'GET', `/api/reporting/tasks?formId=${form.id}&hospital=${HOSPITAL}`);
      assert.equal(tasks.items.length, 1);
      taskId = tasks.items[0].id;
    });
  });

  it('the liaison pastes a column from Excel and sees the count and median as she goes; a bad case is named and stops the submit', async () => {
    liaison = await signIn(browser, platform.url, 'liaison01', { liuzhouClock: true, clipboard: true });
    const page = liaison.page;
    await step(page, 'cases-liaison-paste', async () => {
      await page.goto(`${platform.url}/reporting/tasks`);
      await filterPeriod(page);
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /待填报/);
      await row.click();
      await page.waitForURL(new RegExp(`/reporting/tasks/${taskId}$`));
      const box = page.getByTestId(`field-${STAY.code}`);
      await box.waitFor();
      assert.equal(await box.evaluate((el) => el.tagName), 'TEXTAREA', 'a cases field is a text area');
      await page.getByTestId(`cases-summary-${STAY.code}`).getByText('共 0 例').waitFor();

      // a real paste: the column goes onto the clipboard, Ctrl+V puts it into the box
      await page.evaluate((text) => navigator.clipboard.writeText(text), PASTED);
      await box.click();
      await page.keyboard.press('Control+V');
      await page.getByTestId(`cases-summary-${STAY.code}`).getByText('共 4 例').waitFor();
      assert.equal(await box.inputValue(), PASTED.replace(/\r\n/g, '\n'));
      assert.match(await textOf(page, `cases-summary-${STAY.code}`), /共 4 例 中位数 2\.5 小时 最小 1\.5 \/ 最大 10/);

      // the rule counts the cases: four of them but three rescues is refused under the cases' field
      const rescues = page.getByTestId(`field-${RESCUES.code}`);
      await rescues.pressSequentially('3', { delay: 30 });
      await explainOf(page, STAY.code).getByText(RULE_MESSAGE).waitFor({ timeout: 15_000 });
      await rescues.fill('');
      await rescues.pressSequentially('12', { delay: 30 });
      await page.getByTestId('validation-status').getByText('校验通过').waitFor({ timeout: 15_000 });
      assert.equal(await explainOf(page, STAY.code).count(), 0);
      await shot(page, 'cases', '01-liaison-pasted');
    });

    await step(page, 'cases-liaison-bad-case', async () => {
      const box = page.getByTestId(`field-${STAY.code}`);
      // the caret is after the pasted column's last line break: what is typed is the 5th case
      await box.press('Control+End');
      await box.pressSequentially('abc', { delay: 30 });
      await explainOf(page, STAY.code).getByText('第5例“abc”不是数字').waitFor();
      const summary = await textOf(page, `cases-summary-${STAY.code}`);
      assert.match(summary, /共 5 例/);
      assert.doesNotMatch(summary, /中位数/, 'no median while a case is not a number');

      await page.getByTestId('fill-submit').click();
      await page.getByTestId('submit-error').getByText(/有内容不是数字/).waitFor();
      assert.doesNotMatch(await page.getByTestId('fill-status').innerText(), /待审核/);
      await shot(page, 'cases', '02-liaison-bad-case');
    });

    await step(page, 'cases-liaison-submit', async () => {
      const box = page.getByTestId(`field-${STAY.code}`);
      await box.press('Control+End');
      for (let i = 0; i < 3; i++) await box.press('Backspace');
      await page.getByTestId('validation-status').getByText('校验通过').waitFor({ timeout: 15_000 });
      // the message leaves with an animation once the case is gone
      await explainOf(page, STAY.code).waitFor({ state: 'detached' });
      assert.match(await textOf(page, `cases-summary-${STAY.code}`), /共 4 例 中位数 2\.5 小时/);

      // on a phone the text area, its hint and the summary fit without sideways scrolling
      await page.setViewportSize({ width: 360, height: 780 });
      await page.getByTestId(`cases-summary-${STAY.code}`).getByText('共 4 例').waitFor();
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 360, `the fill page fits a 360 px phone (scrollWidth ${scrollWidth}px)`);
      await shot(page, 'cases', '03-liaison-fill-phone-360');
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.getByTestId('fill-submit').click();
      await page.getByTestId('fill-status').getByText('待审核').waitFor();
      assert.equal(await page.getByTestId('fill-submit').count(), 0, 'a submitted task cannot be changed');
      // what was stored is the list of cases, as numbers
      const saved = await api<{ values: Record<string, unknown> }>(page, 'GET', `/api/reporting/tasks/${taskId}`);
      assert.deepEqual(saved.values, { [STAY.code]: CASES.map(Number), [RESCUES.code]: 12 });
      await shot(page, 'cases', '04-liaison-submitted');
    });
  });

  it('the director reads the cases as a summary, opens the list and approves', async () => {
    const page = director.page;
    await step(page, 'cases-director-review', async () => {
      await page.goto(`${platform.url}/reporting/review`);
      await filterPeriod(page);
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      await row.waitFor();
      await row.click();
      await page.waitForURL(new RegExp(`/reporting/review/${taskId}$`));
      const stay = page.getByTestId('review-values').locator(`tr[data-field="${STAY.code}"] .current`);
      await stay.getByTestId('cases-digest').waitFor();
      assert.equal((await stay.getByTestId('cases-digest').innerText()).trim(), DIGEST);
      assert.match(await page.getByTestId('review-values').locator(`tr[data-field="${RESCUES.code}"] .current`).innerText(), /^\s*12\s*人次\s*$/);

      await stay.getByTestId('cases-open').click();
      const list = page.getByTestId('cases-list');
      await list.waitFor();
      assert.deepEqual((await list.locator('li').allInnerTexts()).map((t) => t.trim()), CASES);
      await page.locator('.ant-popover-title').getByText(`${STAY.label}（4 例）`).waitFor();
      await shot(page, 'cases', '05-director-review-cases');

      const reviewed = page.waitForResponse((r) => r.url().endsWith(`/api/reporting/tasks/${taskId}/review`));
      await page.getByTestId('review-approve').click();
      const answer = await reviewed;
      assert.ok(answer.ok(), 'the approval is accepted');
      // the cases are in the warehouse once the approval answers: 指标分析 can be opened at once
      assert.equal((await answer.json()).warehouseSynced, true);
      await page.getByTestId('review-status').getByText('已通过').waitFor();
      await list.waitFor({ state: 'hidden' });
      await shot(page, 'cases', '06-director-approved');
    });
  });

  it(`指标分析 shows ${INDICATOR} of ${HOSPITAL} for ${PERIOD} as the median of the cases with their count, and the value opens the cases`, async () => {
    const page = director.page;
    await step(page, 'cases-explorer', async () => {
      await page.goto(`${platform.url}/analytics/explorer?indicator=${INDICATOR}&org=${HOSPITAL}&grain=month&from=${PERIOD}&to=${PERIOD}`);
      await page.getByTestId('explorer-indicator-name').getByText('抢救室滞留时间（中位数）').waitFor();
      await page.getByTestId('explorer-org').getByText(HOSPITAL_NAME).waitFor();
      const table = page.getByTestId('data-table');
      // a median has no 分母: its denominator is the number of cases
      await table.locator('thead th').getByText('例数', { exact: true }).waitFor();
      const row = table.locator('tbody tr').filter({ hasText: PERIOD });
      await row.getByTestId('drill-value').waitFor();
      assert.equal(await row.count(), 1);
      const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(cells.slice(0, 4), [PERIOD, '—', '4', '2.5 小时'], 'period, no numerator, n = 4, the median');
      await shot(page, 'cases', '07-explorer');

      await row.getByTestId('drill-value').click();
      const drawer = page.getByTestId('drill-drawer');
      await drawer.waitFor();
      assert.match(await page.getByTestId('drill-title').innerText(), new RegExp(`抢救室滞留时间（中位数） · ${HOSPITAL_NAME} · ${PERIOD}`));
      await drawer.getByText('共 4 例').waitFor();
      const cases = page.getByTestId('drill-table').locator('tbody tr[data-submission-id]');
      await cases.nth(CASES.length - 1).waitFor();
      assert.equal(await cases.count(), 4);
      const values = (await cases.locator('td.num').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual([...values].sort((a, b) => Number(a) - Number(b)), CASES);
      for (const listed of await cases.allInnerTexts()) {
        for (const expected of [HOSPITAL_NAME, '2025年3月', `${INDICATOR}:durations`, FORM_CODE]) {
          assert.ok(listed.includes(expected), `a case's row lacks 「${expected}」: ${listed}`);
        }
      }
      await shot(page, 'cases', '08-explorer-drill-cases');
    });
  });
});
