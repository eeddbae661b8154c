import { bootPlatform } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../db/seeds/04_demo.js';

/** `npm start`: one process serving the API and the built UI. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误：${err.message}`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config);
  const platform = await bootPlatform(config, logger);
  await platform.server.start();
  const url = `http://localhost:${platform.server.info.port}`;
  const lines = [
    '',
    `柳州市医疗质控中心管理平台 已启动：${url}`,
    `  数据库：${platform.db.kind === 'pglite' ? `PGlite（${config.dataDir}）` : 'PostgreSQL'}    接口文档：${url}/api/docs`,
  ];
  if (config.demo) {
    lines.push(`  演示账号（密码均为 ${DEMO_PASSWORD}）：${DEMO_USERS.map((u) => u.username).join('、')}`);
    lines.push(`  系统管理员：admin（初始密码见 README，或 QC_ADMIN_PASSWORD）`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await platform.stop();
      logger.flush?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('启动失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
