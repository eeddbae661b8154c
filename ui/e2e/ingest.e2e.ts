import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { launchBrowser, startPlatform, step, submitLogin, type RunningPlatform } from './harness.js';

const HEADERS = ['医疗机构代码', '病案号', '住院次数', '性别', '出生日期', '年龄', '入院途径', '入院时间', '入院科别', '出院时间', '出院科别', '实际住院(天)', '主要诊断编码', '主要诊断名称', '离院方式', '是否有出院31天内再住院计划', '住院总费用(元)'];
const good = (no: string) => ['LZ-H01', no, '1', '2', '1980-05-06', '45', '2', '2026-03-01 08:00', '内科', '2026-03-08 10:00', '内科', '7', 'J18.9', '肺炎', '1', '1', '6000'];

describe('a hospital liaison uploads 病案首页 and sees what was loaded and refused', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let file: string;
  before(async () => {
    platform = await startPlatform({ QC_DEMO_DISCHARGES: '0', QC_TRANSFORMS: 'false' });
    browser = await launchBrowser();
    const bad = good('B003');
    bad[9] = '2026-02-01 10:00'; // discharged before admission
    const rows = [HEADERS, good('B001'), good('B002'), bad];
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qc-e2e-up-')), '三月病案首页.csv');
    fs.writeFileSync(file, iconv.encode(rows.map((r) => r.join(',')).join('\r\n'), 'gb18030'));
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('uploads a GB18030 CSV and shows 读取 3、入库 2、拒收 1 with the reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await step(page, 'liaison-upload', async () => {
      await submitLogin(page, platform.url, 'liaison01', 'Lz@Demo2026');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto(`${platform.url}/ingest/upload`);
      await page.getByTestId('upload-input').setInputFiles(file);
      const submit = page.getByTestId('upload-submit');
      if (await submit.count()) await submit.click();
      const counts = page.getByTestId('run-counts');
      await counts.waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => /入库\s*2/.test(document.querySelector('[data-testid="run-counts"]')?.textContent ?? ''), null, { timeout: 60_000 });
      const text = await counts.innerText();
      assert.match(text, /读取\s*3/);
      assert.match(text, /拒收\s*1/);
      const rejects = await page.getByTestId('rejects-table').innerText();
      assert.match(rejects, /4/);
      assert.match(rejects, /早于/);
    });
    await page.close();
  });
});
