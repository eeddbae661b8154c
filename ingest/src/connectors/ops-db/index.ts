/** 平台业务库 (organizations, users, audit events of the platform's own database). */
export { opsDbSource, type OpsDbState } from './source.js';
export { OPS_DB_SPEC, OpsDbConfigError, type OpsDbConfig, type OpsQueryFn } from './config.js';
export { OPS_STREAMS, type OpsStreamName } from './streams.js';
