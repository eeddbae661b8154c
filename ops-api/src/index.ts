export { bootPlatform, DEFAULT_ADMIN_PASSWORD, type Platform } from './app.js';
export { loadConfig, ConfigError, type AppConfig } from './config.js';
export { createLogger } from './logger.js';
export { createServer } from './server.js';
export { openDatabase, migrateLatest, type Database } from './db/database.js';
