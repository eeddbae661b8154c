import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(root, 'test-results', 'e2e');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface RunningPlatform {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built platform (`ops-api/dist`) as `npm start` would, on a fresh data dir and a free port. */
export async function startPlatform(env: Record<string, string> = {}): Promise<RunningPlatform> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-e2e-'));
  const child = spawn(process.execPath, [path.join(root, 'ops-api/dist/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      QC_HOST: '127.0.0.1',
      QC_DATA_DIR: dataDir,
      QC_LOG_LEVEL: 'warn',
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
      // a small demo data set: the flows need the accounts, not a year of records
      QC_DEMO_DISCHARGES: '2000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`platform did not answer within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** Keeps a screenshot of the page when a step fails, then rethrows. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    process.stderr.write(`E2E step "${name}" failed; screenshot: ${file}\n`);
    throw err;
  }
}

/** The current TOTP code of a base32 secret, `steps` periods ahead (a login code must be newer than the last one used). */
export async function totpCode(secret: string, steps = 0): Promise<string> {
  const OTPAuth = await import('otpauth');
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
}

/** Fills the login form; returns once the form was submitted (the caller waits for what follows). */
export async function submitLogin(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/** On the forced two-step page: starts the setup, reads the secret, activates it; returns the secret. */
export async function enrolTotp(page: Page): Promise<string> {
  await page.waitForURL(/\/account\/totp/);
  await page.getByRole('button', { name: /开始设置/ }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  await page.fill('input[name=totpCode]', await totpCode(secret));
  await page.getByRole('button', { name: /启\s*用/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/account/totp'));
  return secret;
}

/** On the forced password page: replaces the temporary password. */
export async function changePassword(page: Page, oldPassword: string, newPassword: string): Promise<void> {
  await page.waitForURL(/\/account\/password/);
  await page.fill('input[name=oldPassword]', oldPassword);
  await page.fill('input[name=newPassword]', newPassword);
  await page.fill('input[name=confirmPassword]', newPassword);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/account/password'));
}

/** The demo accounts' password (04_demo.ts). */
export const DEMO_PASSWORD = 'Lz@Demo2026';

/** Keeps a screenshot of a passed step too (`<prefix>-<name>.png`), so the flow can be looked at afterwards. */
export async function shot(page: Page, prefix: string, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${prefix}-${name}.png`), fullPage: true });
}

export interface SignInOptions {
  viewport?: { width: number; height: number };
  password?: string;
  /** Liuzhou's clock, so the times a page shows read like the server's Asia/Shanghai times. */
  liuzhouClock?: boolean;
  /** Lets the page read and write the clipboard (to paste as from Excel). */
  clipboard?: boolean;
}

/** Signs a demo user in through the login page in a fresh context; returns its page. */
export async function signIn(browser: Browser, url: string, username: string, options: SignInOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: 'zh-CN',
    ...(options.liuzhouClock ? { timezoneId: 'Asia/Shanghai' } : {}),
  });
  if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = await context.newPage();
  await submitLogin(page, url, username, options.password ?? DEMO_PASSWORD);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

/** Calls the API from the signed-in page, as the UI does (session cookie + XSRF header); a refusal fails the test. */
export async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(
    async ({ method, url, body }) => {
      const token = /(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie)?.[1];
      const res = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...(token ? { 'X-XSRF-TOKEN': decodeURIComponent(token) } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
    { method, url, body },
  );
  assert.ok(answer.status < 300, `${method} ${url} → ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json as T;
}

/** The messages under a reporting field's box (nz-form-item marked with the field's code). */
export const explainOf = (page: Page, code: string) => page.locator(`nz-form-item[data-field="${code}"] .ant-form-item-explain`);

