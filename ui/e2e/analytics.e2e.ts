import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, enrolTotp, launchBrowser, startPlatform, step, submitLogin, type RunningPlatform } from './harness.js';

/** The demo data set's months: the twelve complete months before this one (see ops-api app.ts). */
function demoRange(now = new Date()): { from: string; to: string; year: number } {
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const first = new Date(last.getFullYear(), last.getMonth() - 11, 1);
  const ym = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { from: ym(first), to: ym(last), year: last.getFullYear() };
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // let ECharts finish its entry animation so the picture shows the real bars and lines
  await page.waitForTimeout(1200);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Waits until the chart's canvas holds more than its axes: an ECharts chart without data paints
 * only a few hundred pixels of grid lines and labels.
 */
async function waitPainted(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).locator('canvas').first().waitFor();
  await page.waitForFunction(
    (id) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"] canvas`);
      if (!canvas || canvas.width === 0) return false;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted > 2000;
    },
    testId,
    { timeout: 20_000 },
  );
}

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} is ${overflow}px wider than the screen`);
}

describe('analytics: the city overview, the indicator explorer with SPC and ranking, and the drill-down', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  const range = demoRange();
  const explorerUrl = (query: string) => `${platform.url}/analytics/explorer?${query}`;

  before(async () => {
    // enough discharges that a hospital's month has deaths to drill into and the control limits mean something
    platform = await startPlatform({ QC_DEMO_DISCHARGES: '8000' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('city admin: overview charts have data; explorer for HQ-02 of a hospital shows SPC, ranking and the records behind a numerator', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await step(page, 'analytics-cityadmin-login', async () => {
      await submitLogin(page, platform.url, 'cityadmin', 'Lz@Demo2026');
      await enrolTotp(page);
    });

    await step(page, 'analytics-wait-for-marts', async () => {
      // the demo discharges load in the background and dbt builds the marts after them
      const deadline = Date.now() + 240_000;
      for (;;) {
        const res = await page.request.get(`${platform.url}/api/analytics/overview?year=${range.year}`);
        if (res.ok()) {
          const body = (await res.json()) as { monthlyDischarges: { discharges: number }[] };
          if (body.monthlyDischarges.some((m) => m.discharges > 0)) break;
        }
        assert.ok(Date.now() < deadline, 'the demo discharges did not reach the marts within 4 minutes');
        await new Promise((r) => setTimeout(r, 2000));
      }
    });

    await step(page, 'analytics-overview', async () => {
      await page.locator('.ant-menu-root').getByText('统计分析').click();
      await page.locator('.ant-menu-root').getByText('全市总览').click();
      await page.waitForURL(/\/analytics\/overview/);
      const cards = page.getByTestId('kpi-cards').locator('.kpi');
      await cards.first().waitFor();
      assert.ok((await cards.count()) >= 4, 'fewer than 4 key indicators on the overview');
      const hq01 = page.locator('.kpi[data-code="HQ-01"]');
      assert.match(await hq01.innerText(), /平均住院日/);
      assert.match(await hq01.locator('.kpi-value').innerText(), /\d/);
      assert.match(await hq01.innerText(), /同比/);
      await waitPainted(page, 'discharges-chart');
      const title = await page.locator('nz-card', { has: page.getByTestId('discharges-chart') }).locator('.ant-card-head-title').innerText();
      const total = Number(/合计\s*([\d,]+)/.exec(title)?.[1].replace(/,/g, '') ?? '0');
      assert.ok(total > 0, `the discharges chart adds up to ${total}`);
      await page.getByTestId('completion-summary').getByText(/应完成/).waitFor();
      await page.getByTestId('overdue-counts').getByText('已逾期').waitFor();
      await shot(page, 'analytics-overview-1280');
    });

    let numerator = 0;
    await step(page, 'analytics-explorer', async () => {
      await page.goto(explorerUrl(`indicator=HQ-02&org=LZ-H01&grain=month&from=${range.from}&to=${range.to}`));
      await page.getByTestId('explorer-indicator-name').getByText('住院患者住院死亡率').waitFor();
      // the org select shows the hospital of the link
      await page.getByTestId('explorer-org').getByText('柳州市工人医院').waitFor();
      await waitPainted(page, 'spc-chart');
      assert.match(await page.getByTestId('spc-kind').innerText(), /p 控制图/);
      const legend = await page.getByTestId('spc-card').innerText();
      assert.match(legend, /最近一期/);
      // ranking: chart and table of the hospitals, best (lowest mortality) first
      await waitPainted(page, 'ranking-chart');
      const rankRows = page.getByTestId('ranking-table').locator('tbody tr.ant-table-row');
      assert.ok((await rankRows.count()) > 3, 'the ranking lists fewer than 4 hospitals');
      assert.match(await rankRows.first().locator('td').first().innerText(), /^1$/);
      // the data table: one row per month of the range
      const dataRows = page.getByTestId('data-table').locator('tbody tr.ant-table-row');
      await dataRows.first().waitFor();
      assert.equal(await dataRows.count(), 12);
      await shot(page, 'analytics-explorer-1280');

      // the month with the most deaths, so the drawer has records to list
      const numerators = page.getByTestId('drill-numerator');
      const values = (await numerators.allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
      const best = values.indexOf(Math.max(...values));
      numerator = values[best];
      assert.ok(numerator > 0, 'no month of 柳州市工人医院 has a death to drill into');
      await numerators.nth(best).click();
    });

    await step(page, 'analytics-drill', async () => {
      const drawer = page.getByTestId('drill-drawer');
      await drawer.waitFor();
      assert.match(await page.getByTestId('drill-title').innerText(), /住院患者住院死亡率 · 柳州市工人医院 · \d{4}-\d{2} · 分子/);
      const rows = page.getByTestId('drill-table').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      // every death of the month is listed, each discharged by 离院方式 5 死亡
      await page.getByTestId('drill-drawer').getByText(`共 ${numerator} 条分子记录`).waitFor();
      assert.equal(await rows.count(), Math.min(numerator, 20));
      for (const text of await rows.allInnerTexts()) assert.match(text, /5 死亡/);
      const header = await page.getByTestId('drill-table').locator('thead').innerText();
      for (const column of ['病案号', '住院次数', '出院时间', '出院科室', '主要诊断', '住院天数', '离院方式']) {
        assert.ok(header.includes(column), `the drill table lacks 「${column}」`);
      }
      await shot(page, 'analytics-drill-1280');
      await page.keyboard.press('Escape');
    });

    await step(page, 'analytics-completion', async () => {
      await page.goto(`${platform.url}/analytics/completion`);
      await waitPainted(page, 'completion-chart');
      const lines = page.getByTestId('completion-table').locator('tbody tr.ant-table-row');
      await lines.first().waitFor();
      assert.ok((await lines.count()) > 3, 'fewer than 4 centers on the completion board');
      assert.match(await lines.first().innerText(), /\d+(\.\d)?%（\d+\/\d+）/);
      await shot(page, 'analytics-completion-1280');
    });

    await step(page, 'analytics-monitor', async () => {
      // the overview's overdue count leads to the monitor filtered on overdue items
      await page.goto(`${platform.url}/analytics/overview`);
      await page.getByTestId('overdue-link').click();
      await page.waitForURL(/\/analytics\/monitor\?level=overdue/);
      const rows = page.getByTestId('monitor-table').locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      for (const text of await rows.allInnerTexts()) assert.match(text, /已逾期/);
      await shot(page, 'analytics-monitor-1280');
    });
    await page.close();
  });

  it('hospital liaison: the explorer offers only their hospital and refuses another', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await step(page, 'analytics-liaison-login', async () => {
      await submitLogin(page, platform.url, 'liaison01', 'Lz@Demo2026');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    });
    await step(page, 'analytics-liaison-explorer', async () => {
      await page.goto(explorerUrl('indicator=HQ-02'));
      // the URL is completed with their hospital
      await page.waitForURL(/org=LZ-H01/);
      await waitPainted(page, 'spc-chart');
      await page.getByTestId('explorer-org').click();
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await options.first().waitFor();
      assert.deepEqual(await options.allInnerTexts(), ['柳州市工人医院']);
      await page.keyboard.press('Escape');
      // the ranking is cut to their scope too
      const ranked = await page.getByTestId('ranking-table').locator('tbody tr.ant-table-row').allInnerTexts();
      assert.ok(ranked.every((r) => r.includes('柳州市工人医院')), `the liaison sees other hospitals ranked: ${ranked.join(' | ')}`);
      await shot(page, 'analytics-liaison-explorer-1280');
    });
    await step(page, 'analytics-liaison-reported-drill', async () => {
      // MRQ-01 comes from the demo's 病案首页质量月报: a number is the hospital's approved report
      await page.goto(explorerUrl('indicator=MRQ-01&org=LZ-H01&grain=month'));
      const numerators = page.getByTestId('data-table').getByTestId('drill-numerator');
      await numerators.first().waitFor();
      await numerators.first().click();
      const rows = page.getByTestId('drill-table').locator('tbody tr[data-submission-id]');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 1, 'a hospital month adds up one approved value');
      const listed = await rows.first().innerText();
      assert.match(listed, /柳州市工人医院/);
      assert.match(listed, /MRQ-01:numerator/);
      // the hospital is sent to its own task, not to the center's review
      const link = page.getByTestId('drill-task-link');
      assert.match((await link.getAttribute('href')) ?? '', /^\/reporting\/tasks\/\d+$/);
      await shot(page, 'analytics-liaison-reported-drill-1280');
      await link.click();
      await page.waitForURL(/\/reporting\/tasks\/\d+$/);
    });
    await step(page, 'analytics-liaison-refused', async () => {
      await page.goto(explorerUrl('indicator=HQ-02&org=LZ-H02'));
      const error = page.getByTestId('explorer-error');
      await error.waitFor();
      assert.match(await error.innerText(), /不在您的数据范围内/);
    });
    await context.close();
  });

  it('fits a 360 px phone: overview and explorer without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await step(page, 'analytics-phone-login', async () => {
      await submitLogin(page, platform.url, 'liaison01', 'Lz@Demo2026');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    });
    await step(page, 'analytics-phone-overview', async () => {
      await page.goto(`${platform.url}/analytics/overview`);
      await waitPainted(page, 'discharges-chart');
      await noSidewaysScroll(page, 'the overview');
      await shot(page, 'analytics-overview-360');
    });
    await step(page, 'analytics-phone-explorer', async () => {
      await page.goto(explorerUrl(`indicator=HQ-02&grain=month&from=${range.from}&to=${range.to}`));
      await waitPainted(page, 'spc-chart');
      await page.getByTestId('data-table').locator('tbody tr.ant-table-row').first().waitFor();
      await noSidewaysScroll(page, 'the explorer');
      await shot(page, 'analytics-explorer-360');
    });
    await context.close();
  });
});
