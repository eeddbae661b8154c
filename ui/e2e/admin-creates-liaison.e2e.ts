import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { changePassword, enrolTotp, launchBrowser, startPlatform, step, submitLogin, type RunningPlatform } from './harness.js';

const ADMIN_PASSWORD = 'E2e#Admin2026';

async function login(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe('admin creates a hospital liaison, who then sees only their hospital', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  before(async () => {
    platform = await startPlatform({ QC_ADMIN_PASSWORD: ADMIN_PASSWORD });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('shows the Chinese login page and refuses a wrong password with a Chinese message', async () => {
    const page = await browser.newPage();
    await step(page, 'login-page', async () => {
      await page.goto(platform.url);
      await page.waitForURL(/\/login/);
      assert.match(await page.title(), /柳州市医疗质控中心管理平台/);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      await page.fill('input[name=username]', 'admin');
      await page.fill('input[name=password]', 'wrong-password');
      await page.click('button[type=submit]');
      await page.getByText('用户名或密码错误').first().waitFor();
    });
    await page.close();
  });

  it('runs the whole flow', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // the system administrator's role requires a second factor: the first login enrols it
    await step(page, 'admin-login', async () => {
      await submitLogin(page, platform.url, 'admin', ADMIN_PASSWORD);
      await enrolTotp(page);
    });

    await step(page, 'admin-org-tree', async () => {
      await page.locator('.ant-menu-root').getByText('机构管理').click();
      await page.waitForURL(/\/orgs/);
      await page.getByText('柳州市卫生健康委员会').first().waitFor();
      await page.getByText('柳州市工人医院', { exact: true }).first().click();
      const detail = page.getByTestId('org-detail');
      await detail.getByText('三级甲等').first().waitFor();
      assert.match(await detail.innerText(), /柳州市工人医院/);
    });

    await step(page, 'admin-create-liaison', async () => {
      await page.locator('.ant-menu-root').getByText('用户管理').click();
      await page.waitForURL(/\/users/);
      await page.getByRole('button', { name: /新建用户/ }).click();
      const modal = page.locator('.ant-modal');
      await modal.locator('input[name=username]').fill('liaison_e2e');
      await modal.locator('input[name=displayName]').fill('韦测试');
      await modal.locator('input[name=password]').fill('E2e#Liaison2026');
      await modal.locator('input[name=phone]').fill('13812345678');
      await modal.getByTestId('user-org').click();
      await page.keyboard.type('工人医院');
      await page.locator('.ant-select-item-option[title="柳州市工人医院"]').click();
      await modal.getByTestId('user-roles').click();
      await page.locator('.ant-select-item-option[title="医院联络员"]').click();
      await page.keyboard.press('Escape').catch(() => undefined);
      await modal.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByRole('cell', { name: 'liaison_e2e' }).waitFor();
    });

    await step(page, 'admin-logout', async () => {
      await page.getByRole('button', { name: /退出登录/ }).first().click();
      await page.waitForURL(/\/login/);
    });

    // the initial password set by the administrator is temporary: the first login replaces it
    await step(page, 'liaison-login', async () => {
      await submitLogin(page, platform.url, 'liaison_e2e', 'E2e#Liaison2026');
      await changePassword(page, 'E2e#Liaison2026', 'Own#Liaison2026');
    });
    await step(page, 'liaison-sees-own-hospital', async () => {
      await page.getByText('柳州市工人医院').first().waitFor();
      await page.locator('.ant-menu-root').getByText('机构管理').click();
      await page.waitForURL(/\/orgs/);
      await page.getByText('柳州市工人医院', { exact: true }).first().waitFor();
      const body = await page.locator('body').innerText();
      assert.ok(!body.includes('柳州市人民医院'), 'another hospital is visible to the liaison');
      // the tree holds their hospital and its departments, nothing above or beside it
      const treeText = await page.locator('nz-tree').innerText();
      assert.ok(!treeText.includes('卫生健康委员会'), 'the commission appears in the liaison’s tree');
      assert.equal(await page.locator('nz-tree').getByText('医疗机构', { exact: true }).count(), 1);
      assert.ok(!body.includes('质量控制中心'), 'QC centers are visible to the liaison');
      // the menu offers nothing the liaison may not do
      assert.equal(await page.getByRole('button', { name: /新增/ }).count(), 0);
    });
    await page.close();
  });

  it('fits a 360 px phone screen: no sideways scrolling, the menu opens in a drawer', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    // a center director: no second factor required by the default policy
    await step(page, 'phone-login', () => login(page, platform.url, 'director01', 'Lz@Demo2026'));
    await step(page, 'phone-layout', async () => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
      await page.getByTestId('menu-toggle').click();
      await page.locator('.ant-drawer').getByText('机构管理').click();
      await page.waitForURL(/\/orgs/);
      const orgOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(orgOverflow <= 1, `organization page is ${orgOverflow}px wider than the screen`);
    });
    await context.close();
  });
});
