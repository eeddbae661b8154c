/** HIS 数据库接口 (views / mid-tables in PostgreSQL or MySQL/MariaDB). */
export { hisDbSource, type HisDbState } from './source.js';
export { HIS_DB_SPEC, HisDbConfigError, type HisDbConfig, type HisDialect } from './config.js';
