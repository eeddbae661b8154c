#!/usr/bin/env node
/**
 * `node ingest/dist/src/cli.js <connector> <spec|check|discover|read> [--config f] [--catalog f] [--state f]`:
 * runs one of our connectors as an Airbyte source, JSON lines on stdout.
 */
import { runConnectorCli } from './core/connector-cli.js';
import { errorMessage } from './core/messages.js';
import type { SourceConnector } from './core/protocol.js';

// Loaded on demand so that a connector's driver (pg, mysql2, …) loads only when that connector runs.
const CONNECTORS: Record<string, () => Promise<SourceConnector<never>>> = {
  file: async () => new (await import('./connectors/file/index.js')).FileSource(),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name === undefined ? undefined : CONNECTORS[name];
  if (!load) {
    const known = Object.keys(CONNECTORS).join(' | ');
    process.stdout.write(`${JSON.stringify(errorMessage(`未知连接器：${name ?? '（未指定）'}。可用：${known}`, 'config_error'))}\n`);
    return 2;
  }
  return runConnectorCli(await load(), rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
