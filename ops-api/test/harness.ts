import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server, ServerInjectOptions, ServerInjectResponse } from '@hapi/hapi';
import knexFactory from 'knex';
import { bootPlatform, type Platform } from '../src/app.js';
import { loadConfig, type AppConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { DEFAULT_POLICY, savePolicy } from '../src/security/policy.js';

export { DEMO_PASSWORD } from '../db/seeds/04_demo.js';
export const ADMIN_PASSWORD = 'Test#Admin2026';

export interface Engine {
  name: 'pglite' | 'postgres';
  /** Makes an empty database and returns its settings plus a cleanup. */
  create(): Promise<{ databaseUrl?: string; dataDir: string; drop(): Promise<void> }>;
}

const pglite: Engine = {
  name: 'pglite',
  async create() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-test-'));
    return { dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  },
};

function postgres(url: string): Engine {
  return {
    name: 'postgres',
    async create() {
      const name = `qc_test_${crypto.randomBytes(6).toString('hex')}`;
      const admin = knexFactory({ client: 'pg', connection: url });
      await admin.raw(`CREATE DATABASE ${name}`);
      await admin.destroy();
      const u = new URL(url);
      u.pathname = `/${name}`;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-test-'));
      return {
        databaseUrl: u.toString(),
        dataDir,
        drop: async () => {
          const again = knexFactory({ client: 'pg', connection: url });
          await again.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await again.destroy();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = [pglite, ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : [])];

/** hapi's inject response plus `json()`. */
export type Res = ServerInjectResponse & { json(): any };

function withJson(res: ServerInjectResponse): Res {
  return Object.assign(res, { json: () => JSON.parse(res.payload) });
}

export interface TestPlatform {
  platform: Platform;
  server: Server;
  inject(options: string | ServerInjectOptions): Promise<Res>;
  config: AppConfig;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Keep the default policy's second-factor requirement for 三员 and city admins (off in most tests). */
  requireTotp?: boolean;
}

/**
 * Boots the whole platform on a fresh database of the engine (not listening; use server.inject). Most
 * suites test other things than the second factor, so unless asked the policy requires it of nobody.
 */
export async function startPlatform(engine: Engine, overrides: Partial<AppConfig> = {}, options: StartOptions = {}): Promise<TestPlatform> {
  const db = await engine.create();
  // a stand-in for the built UI, so that non-API paths are served as in production
  const uiDir = path.join(db.dataDir, 'ui');
  fs.mkdirSync(uiDir, { recursive: true });
  fs.writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><html lang="zh-CN"><title>柳州市医疗质控中心管理平台</title></html>');
  const config = loadConfig({
    env: {},
    file: undefined,
    overrides: {
      dataDir: db.dataDir,
      databaseUrl: db.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      logToFile: false,
      adminPassword: ADMIN_PASSWORD,
      uiDir,
      // suites log in and call far more often than people; the limits have tests of their own
      loginRateLimitPerMinute: 10000,
      // dbt builds have tests of their own; API suites don't wait for marts
      transforms: false,
      demoDischarges: 0,
      rateLimitPerMinute: 100000,
      ...overrides,
    },
  });
  const platform = await bootPlatform(config, createLogger(config));
  if (!options.requireTotp) await savePolicy(platform.db.knex, { ...DEFAULT_POLICY, totpRequiredRoles: [] });
  return {
    platform,
    server: platform.server,
    inject: async (options) => withJson(await platform.server.inject(options)),
    config,
    async stop() {
      await platform.stop();
      await db.drop();
    },
  };
}

/** A signed-in client for server.inject; mutating requests carry the CSRF token as a browser would. */
export interface Client {
  cookie: string;
  csrf: string;
  /** What the login said must happen next. */
  next: string | null;
  get(url: string): Promise<Res>;
  send(method: string, url: string, payload?: unknown): Promise<Res>;
}

/** Logs in through the API; `extra` adds captcha or TOTP fields. Throws with the answer on failure. */
export async function loginAs(server: Server, username: string, password: string, extra: Record<string, string> = {}): Promise<Client> {
  const res = await server.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.payload}`);
  return clientFromLogin(server, res);
}

/** The signed-in client of a successful login answer. */
export function clientFromLogin(server: Server, res: ServerInjectResponse): Client {
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const pairs = setCookie.map((c) => c.split(';')[0]!);
  const csrf = pairs.find((p) => p.startsWith('XSRF-TOKEN='))?.slice('XSRF-TOKEN='.length) ?? '';
  return clientWithCookie(server, pairs.join('; '), csrf, JSON.parse(res.payload).next ?? null);
}

export function clientWithCookie(server: Server, cookie: string, csrf = '', next: string | null = null): Client {
  return {
    cookie,
    csrf,
    next,
    get: async (url) => withJson(await server.inject({ method: 'GET', url, headers: { cookie } })),
    send: async (method, url, payload) =>
      withJson(
        await server.inject({
          method,
          url,
          headers: { cookie, ...(method.toUpperCase() === 'GET' ? {} : { 'x-xsrf-token': csrf }) },
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
      ),
  };
}

/** Logs in with a temporary password, replaces it as the platform demands, and returns the client. */
export async function loginChangingPassword(server: Server, username: string, temporary: string, final: string): Promise<Client> {
  const first = await loginAs(server, username, temporary);
  if (first.next === 'change_password') {
    const res = await first.send('POST', '/api/auth/password', { oldPassword: temporary, newPassword: final });
    if (res.statusCode !== 204) throw new Error(`password change for ${username} failed: ${res.payload}`);
    return first;
  }
  return first;
}

/** A multipart/form-data body with one file part `file` (and text fields before it), as a browser uploads. */
export function multipart(file: Buffer, name: string, fields: Record<string, string> = {}, fileType = 'application/octet-stream') {
  const boundary = '----qc' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${fileType}\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
