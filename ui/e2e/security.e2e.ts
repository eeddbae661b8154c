import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { enrolTotp, launchBrowser, startPlatform, step, submitLogin, totpCode, type RunningPlatform } from './harness.js';

const DEMO = 'Lz@Demo2026';

describe('a 三员 account cannot get in without its second factor', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  before(async () => {
    platform = await startPlatform();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('forces enrolment, then asks for the code at every login, and the auditor verifies the trail', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let secret = '';
    await step(page, 'auditor-first-login', async () => {
      await submitLogin(page, platform.url, 'auditor', DEMO);
      await page.waitForURL(/\/account\/totp/);
      // nothing else opens before the second factor is set up
      await page.goto(`${platform.url}/audit`);
      await page.waitForURL(/\/account\/totp/);
      secret = await enrolTotp(page);
    });
    await step(page, 'auditor-logout', async () => {
      await page.getByRole('button', { name: /退出登录/ }).first().click();
      await page.waitForURL(/\/login/);
    });
    await step(page, 'auditor-needs-code', async () => {
      await submitLogin(page, platform.url, 'auditor', DEMO);
      const totp = page.locator('input[name=totp]');
      await totp.waitFor();
      assert.match(page.url(), /\/login/);
      await totp.fill('000000' === (await totpCode(secret, 1)) ? '111111' : '000000');
      await page.click('button[type=submit]');
      await page.getByText(/动态口令错误/).first().waitFor();
      assert.match(page.url(), /\/login/, 'a wrong code must not let the auditor in');
      await page.fill('input[name=password]', DEMO);
      await page.fill('input[name=totp]', await totpCode(secret, 1));
      await page.click('button[type=submit]');
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    });
    await step(page, 'auditor-verifies', async () => {
      await page.locator('.ant-menu-root').getByText('审计日志').click();
      await page.waitForURL(/\/audit/);
      await page.getByText('auth.login_failed').first().waitFor();
      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      assert.match(await result.innerText(), /完整/);
      // the menu offers the auditor nothing but the trail
      const menu = await page.locator('.ant-menu-root').innerText();
      assert.ok(!menu.includes('用户管理') && !menu.includes('机构管理'), `auditor menu: ${menu}`);
    });
    await page.close();
  });

  it('shows a captcha after three wrong passwords', async () => {
    const page = await browser.newPage();
    await step(page, 'captcha', async () => {
      for (let i = 0; i < 3; i++) {
        await submitLogin(page, platform.url, 'liaison02', `Wrong#Pass${i}`);
        await page.getByText(/用户名或密码错误/).first().waitFor();
      }
      await page.getByTestId('captcha-image').waitFor();
      assert.ok(await page.locator('input[name=captcha]').isVisible());
    });
    await page.close();
  });
});
