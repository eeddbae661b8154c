import fs from 'node:fs';
import path from 'node:path';
import { pino, multistream, stdTimeFunctions, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';
import type { AppConfig } from './config.js';

export type { Logger };

/** Fields that must never reach a log line: secrets and personal data. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  '*.newPassword',
  '*.oldPassword',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.phone',
  '*.idCard',
  '*.idNumber',
  '*.token',
];

/** JSON logs to stdout and, unless disabled, to a daily-rotated file under `<dataDir>/logs`. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'dataDir' | 'logToFile'>): Logger {
  const streams: { stream: NodeJS.WritableStream; level: string }[] = [{ stream: process.stdout, level: config.logLevel }];
  if (config.logToFile && config.logLevel !== 'silent') {
    const dir = path.join(config.dataDir, 'logs');
    fs.mkdirSync(dir, { recursive: true });
    const fileStream = createStream('ops-api.log', { path: dir, interval: '1d', maxFiles: 30, size: '100M' });
    streams.push({ stream: fileStream, level: config.logLevel });
  }
  return pino(
    {
      level: config.logLevel,
      base: { service: 'ops-api' },
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[已脱敏]' },
    },
    multistream(streams),
  );
}
