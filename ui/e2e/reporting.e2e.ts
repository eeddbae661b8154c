import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, explainOf, launchBrowser, shot, signIn, startPlatform, step, type RunningPlatform } from './harness.js';

const HOSPITAL = 'LZ-H01';
const INDICATOR = 'E2E-RPT-01';
const FORM_CODE = 'E2E-RPT';
const PERIOD = '2026-10';
const COMMENT = '发生例数与院感系统登记不符，请核对后重新上报';

/** Types into a field's box the way a person does. */
async function typeValue(page: Page, code: string, value: string) {
  const box = page.getByTestId(`field-${code}`);
  await box.fill('');
  await box.pressSequentially(value, { delay: 30 });
}

describe('数据上报: a liaison is told which field is wrong, the center returns, the liaison resubmits, the approval reaches 指标分析', () => {
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

  it('the center director publishes a form bound to an indicator (through the API)', async () => {
    director = await signIn(browser, platform.url, 'director01');
    await step(director.page, 'reporting-director-publish', async () => {
      await api(director.page, 'POST', '/api/indicators', {
        code: INDICATOR,
        name: 'E2E 导管相关感染发生率',
        specialty: '医学信息',
        definition: '同期发生例数占总例数的比例',
        numerator: '发生例数',
        denominator: '同期总例数',
        unit: '%',
        direction: 'lower_better',
        kind: 'rate',
        formula: 'numerator / denominator * 100',
        variables: { numerator: '发生例数', denominator: '同期总例数' },
        changeNote: 'E2E',
      });
      const hospitals = await api<{ items: { id: number; code: string }[] }>(director.page, 'GET', `/api/orgs?kind=hospital&q=${HOSPITAL}&pageSize=200`);
      const hospital = hospitals.items.find((h) => h.code === HOSPITAL);
      assert.ok(hospital, `${HOSPITAL} is in the director's scope`);
      const form = await api<{ id: number }>(director.page, 'POST', '/api/reporting/forms', {
        code: FORM_CODE,
        name: 'E2E 感染监测月报',
        description: null,
        periodGrain: 'month',
        deadlineDays: 10,
        remindDays: 3,
        fields: [
          { code: 'cases', label: '发生例数', unit: '例', type: 'integer', required: true, min: 0, max: null, indicatorCode: INDICATOR, indicatorVariable: 'numerator' },
          { code: 'total', label: '同期总例数', unit: '例', type: 'integer', required: true, min: 0, max: null, indicatorCode: INDICATOR, indicatorVariable: 'denominator' },
        ],
        rules: [{ expression: 'cases <= total', message: '“发生例数”不能大于“同期总例数”' }],
        hospitalIds: [hospital.id],
      });
      const published = await api<{ created: number }>(director.page, 'POST', `/api/reporting/forms/${form.id}/publish`, { periods: [PERIOD] });
      assert.equal(published.created, 1);
      const tasks = await api<{ items: { id: number }[] }>(director.page, 'GET', `/api/reporting/tasks?formId=${form.id}&hospital=${HOSPITAL}`);
      assert.equal(tasks.items.length, 1);
      taskId = tasks.items[0].id;

      await director.page.goto(`${platform.url}/reporting/forms`);
      await director.page.locator(`tr[data-form-id="${form.id}"]`).getByText('已发布').waitFor();
      await shot(director.page, 'reporting', '01-director-forms');
    });
  });

  it('the liaison enters 分子 > 分母, is told under which field before submitting, and submitting is refused', async () => {
    liaison = await signIn(browser, platform.url, 'liaison01');
    const page = liaison.page;
    await step(page, 'reporting-liaison-invalid', async () => {
      await page.goto(`${platform.url}/reporting/tasks`);
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /待填报/);
      await shot(page, 'reporting', '02-liaison-tasks');
      await row.click();
      await page.waitForURL(new RegExp(`/reporting/tasks/${taskId}$`));
      await page.getByTestId('field-cases').waitFor();

      await typeValue(page, 'cases', '30');
      await typeValue(page, 'total', '20');
      // Validation as typed: the rule's message appears under 发生例数 (the field it names), not under the other.
      await explainOf(page, 'cases').getByText('“发生例数”不能大于“同期总例数”').waitFor({ timeout: 15_000 });
      assert.equal(await explainOf(page, 'total').count(), 0);
      assert.match(await page.getByTestId('validation-status').innerText(), /1 处需要修改/);
      await shot(page, 'reporting', '03-liaison-message-under-field');

      await page.getByTestId('fill-submit').click();
      await page.getByTestId('submit-error').waitFor();
      assert.match(await page.getByTestId('submit-error').innerText(), /提交未通过校验/);
      assert.doesNotMatch(await page.getByTestId('fill-status').innerText(), /待审核/);
      await shot(page, 'reporting', '04-liaison-submit-refused');
    });
  });

  it('the liaison fixes it and submits', async () => {
    const page = liaison.page;
    await step(page, 'reporting-liaison-submit', async () => {
      await typeValue(page, 'total', '120');
      await page.getByTestId('validation-status').getByText('校验通过').waitFor({ timeout: 15_000 });
      assert.equal(await explainOf(page, 'cases').count(), 0);
      await page.getByTestId('fill-submit').click();
      await page.getByTestId('fill-status').getByText('待审核').waitFor();
      assert.equal(await page.getByTestId('fill-submit').count(), 0, 'a submitted task cannot be changed');
      await shot(page, 'reporting', '05-liaison-submitted');
    });
  });

  it('the center director returns it with a comment', async () => {
    const page = director.page;
    await step(page, 'reporting-director-return', async () => {
      await page.goto(`${platform.url}/reporting/review`);
      const row = page.locator(`tr[data-task-id="${taskId}"]`);
      await row.waitFor();
      await row.click();
      await page.waitForURL(new RegExp(`/reporting/review/${taskId}$`));
      const values = page.getByTestId('review-values');
      await values.locator('tr[data-field="cases"]').getByText('30').waitFor();
      await page.getByTestId('review-return').click();
      await page.getByText('退回时请填写审核意见').waitFor();
      await page.getByTestId('review-comment').fill(COMMENT);
      await page.getByTestId('review-return').click();
      await page.getByTestId('review-status').getByText('已退回').waitFor();
      await shot(page, 'reporting', '06-director-returned');
    });
  });

  it('the liaison sees the comment (bell and page, on a phone) and resubmits', async () => {
    const page = liaison.page;
    await step(page, 'reporting-liaison-resubmit', async () => {
      await page.setViewportSize({ width: 360, height: 780 });
      await page.goto(`${platform.url}/reporting/tasks/${taskId}`);
      await page.getByTestId('return-comment').getByText(COMMENT).waitFor();
      // The bell counts the 退回 notification and links to the task.
      await page.getByTestId('notification-bell').locator('.ant-badge-count').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the fill page fits a 360 px phone (overflow ${overflow}px)`);
      await shot(page, 'reporting', '07-liaison-returned-phone-360');
      await page.getByTestId('notification-bell').click();
      await page.getByTestId('notification-list').getByText(/被退回/).first().waitFor();
      await shot(page, 'reporting', '08-liaison-bell-phone-360');
      await page.keyboard.press('Escape');

      await typeValue(page, 'cases', '36');
      await page.getByTestId('validation-status').getByText('校验通过').waitFor({ timeout: 15_000 });
      await page.getByTestId('fill-submit').click();
      await page.getByTestId('fill-status').getByText('待审核').waitFor();
      await page.getByTestId('submission-history').getByText('v2').waitFor();
      await shot(page, 'reporting', '09-liaison-resubmitted-phone-360');
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });

  it('the director sees both versions side by side and approves', async () => {
    const page = director.page;
    await step(page, 'reporting-director-approve', async () => {
      await page.goto(`${platform.url}/reporting/review/${taskId}`);
      await page.getByTestId('resubmitted-note').waitFor();
      const cases = page.getByTestId('review-values').locator('tr[data-field="cases"]');
      assert.match(await cases.locator('.current').innerText(), /36/);
      assert.match(await cases.locator('.previous').innerText(), /30/);
      await shot(page, 'reporting', '10-director-compare');
      await page.getByTestId('review-approve').click();
      await page.getByTestId('review-status').getByText('已通过').waitFor();
      await shot(page, 'reporting', '11-director-approved');
    });
  });

  it('the approved value appears in 指标分析', async () => {
    const page = director.page;
    await step(page, 'reporting-explorer', async () => {
      await page.goto(`${platform.url}/analytics/explorer?indicator=${INDICATOR}&org=${HOSPITAL}&grain=month&from=${PERIOD}&to=${PERIOD}`);
      const row = page.getByTestId('data-table').locator('tbody tr').filter({ hasText: PERIOD });
      // 36 / 120 × 100 = 30 %; the warehouse write may land a moment after the approval.
      for (let attempt = 0; ; attempt++) {
        try {
          await row.first().waitFor({ timeout: 10_000 });
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
          await page.reload();
        }
      }
      const text = await row.first().innerText();
      assert.match(text, /36/);
      assert.match(text, /120/);
      assert.match(text, /30(\.0+)?\s*%?/);
      await shot(page, 'reporting', '12-explorer');

      // the numerator is a link to what was reported: the approved submission, with its task
      await row.first().getByTestId('drill-numerator').click();
      const drawer = page.getByTestId('drill-drawer');
      await drawer.waitFor();
      const values = page.getByTestId('drill-table').locator('tbody tr[data-submission-id]');
      await values.first().waitFor();
      assert.equal(await values.count(), 1);
      const listed = await values.first().innerText();
      for (const expected of ['柳州市工人医院', '2026年10月', `${INDICATOR}:numerator`, '36', FORM_CODE]) {
        assert.ok(listed.includes(expected), `the drawer's row lacks 「${expected}」: ${listed}`);
      }
      const header = await page.getByTestId('drill-table').locator('thead').innerText();
      for (const column of ['医疗机构', '期间', '数据元', '值', '表单', '审核通过时间']) {
        assert.ok(header.includes(column), `the drill table lacks 「${column}」`);
      }
      await drawer.getByText('共 1 条分子上报值').waitFor();
      await shot(page, 'reporting', '12b-explorer-drill-reported');
      // the reviewer goes from the number to the submission's review page
      await page.getByTestId('drill-task-link').click();
      await page.waitForURL(new RegExp(`/reporting/review/${taskId}$`));
      await page.getByTestId('review-status').getByText('已通过').waitFor();
    });
  });

  it('指标库: the bound indicator is listed and opened; a bad formula is shown with its position', async () => {
    const page = director.page;
    await step(page, 'reporting-indicators', async () => {
      await page.goto(`${platform.url}/indicators`);
      await page.getByTestId('specialty-list').getByText('病案管理').waitFor();
      await page.getByTestId('indicators-search').fill(INDICATOR);
      await page.getByTestId('indicators-search').press('Enter');
      const row = page.locator(`tr[data-code="${INDICATOR}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /自定义/);
      await shot(page, 'reporting', '13-indicators');
      await row.click();
      await page.waitForURL(new RegExp(`/indicators/${INDICATOR}$`));
      await page.getByTestId('indicator-definition').getByText('numerator / denominator * 100').waitFor();
      assert.equal(
        await page.getByTestId('indicator-analyse').getAttribute('href'),
        `/analytics/explorer?indicator=${INDICATOR}`,
      );
      await page.getByTestId('indicator-new-version').click();
      const formula = page.getByTestId('indicator-formula');
      await formula.waitFor();
      await formula.fill('');
      await formula.pressSequentially('deth / denominator * 100', { delay: 20 });
      const issue = page.getByTestId('formula-issue').first();
      await issue.waitFor({ timeout: 15_000 });
      assert.match(await issue.innerText(), /第1行第1列/);
      assert.equal(await page.locator('app-formula-issues mark.bad').first().innerText(), 'deth');
      await shot(page, 'reporting', '14-indicator-formula-issue');
    });
  });
});
