/** 市卫生健康大数据中心 (the city's REST API, PROTOCOL.md). */
export { bigDataCenterSource, createBigDataCenterSource, type BigDataCenterState } from './source.js';
export { BigDataCenterClient, BigDataCenterError, parseRetryAfter, type BigDataCenterDeps } from './client.js';
export { BIGDATA_CENTER_SPEC, BigDataCenterConfigError, type BigDataCenterConfig } from './config.js';
