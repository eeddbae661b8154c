/**
 * The Airbyte command line around a SourceConnector — `spec`, `check --config f`, `discover --config f`,
 * `read --config f --catalog f [--state f]` — printing one JSON message per line on stdout, so an
 * Airbyte deployment (or our scheduler in another process) can run any of our connectors.
 */
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { errorMessage, logMessage } from './messages.js';
import type { AirbyteMessage, AirbyteStateMessage, ConfiguredAirbyteCatalog, SourceConnector } from './protocol.js';

export interface ConnectorCliIo {
  stdout: Writable;
  readFile: (path: string) => Promise<string>;
}

const USAGE = '用法：spec | check --config <file> | discover --config <file> | read --config <file> --catalog <file> [--state <file>]';

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { command: string | undefined; flags: Map<string, string> } {
  const [command, ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`无法识别的参数：${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`参数 ${arg} 缺少值`);
    flags.set(arg.slice(2), value);
    i++;
  }
  return { command, flags };
}

async function readJson(io: ConnectorCliIo, flags: Map<string, string>, name: string): Promise<unknown> {
  const file = flags.get(name);
  if (file === undefined) throw new UsageError(`缺少 --${name} <file>`);
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (err) {
    throw new UsageError(`无法读取 --${name} 文件 ${file}：${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--${name} 文件 ${file} 不是有效的 JSON`);
  }
}

/** Airbyte passes state as a list of per-stream state messages (or, in old platforms, one object). */
export function statesFromAirbyte(raw: unknown): Record<string, Record<string, unknown>> {
  if (raw === null || raw === undefined) return {};
  if (Array.isArray(raw)) {
    const out: Record<string, Record<string, unknown>> = {};
    for (const m of raw as Partial<AirbyteStateMessage>[]) {
      const name = m?.stream?.stream_descriptor?.name;
      if (m?.type === 'STREAM' && name) out[name] = m.stream!.stream_state ?? {};
    }
    return out;
  }
  if (typeof raw === 'object') return raw as Record<string, Record<string, unknown>>;
  throw new UsageError('--state 文件应为状态消息列表或对象');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

// JSON has no dates: a date column goes out as YYYY-MM-DD, a timestamp as Airbyte's
// timestamp_without_timezone (the wall clock is kept in a Date's UTC fields).
function dateReplacer(dateKeys: Set<string>) {
  return function (this: Record<string, unknown>, key: string, value: unknown): unknown {
    const original = this[key];
    if (!(original instanceof Date)) return value;
    if (Number.isNaN(original.getTime())) return null;
    const d = original;
    const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (dateKeys.has(key)) return day;
    const ms = d.getUTCMilliseconds();
    return `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`;
  };
}

function dateKeysOf(catalog: ConfiguredAirbyteCatalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of catalog.streams) {
    const props = (s.stream.json_schema.properties ?? {}) as Record<string, { format?: string }>;
    out.set(s.stream.name, new Set(Object.entries(props).filter(([, p]) => p?.format === 'date').map(([k]) => k)));
  }
  return out;
}

/**
 * Runs one Airbyte command of `connector` with `argv` (without node and script), writing JSON lines to
 * stdout. Resolves with the exit code: 0, or 1 when the command failed (a TRACE ERROR says why).
 */
export async function runConnectorCli<Config>(
  connector: SourceConnector<Config>,
  argv: readonly string[],
  io: ConnectorCliIo = { stdout: process.stdout, readFile: (p) => readFile(p, 'utf8') },
): Promise<number> {
  const write = async (line: string): Promise<void> => {
    if (!io.stdout.write(`${line}\n`)) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  };
  const emit = (m: AirbyteMessage): Promise<void> => write(JSON.stringify(m));
  try {
    const { command, flags } = parseArgs(argv);
    switch (command) {
      case 'spec':
        await emit({ type: 'SPEC', spec: connector.spec() });
        return 0;
      case 'check': {
        const config = (await readJson(io, flags, 'config')) as Config;
        const status = await connector.check(config);
        await emit({ type: 'CONNECTION_STATUS', connectionStatus: status });
        return 0;
      }
      case 'discover': {
        const config = (await readJson(io, flags, 'config')) as Config;
        await emit({ type: 'CATALOG', catalog: await connector.discover(config) });
        return 0;
      }
      case 'read': {
        const config = (await readJson(io, flags, 'config')) as Config;
        const catalog = (await readJson(io, flags, 'catalog')) as ConfiguredAirbyteCatalog;
        if (!Array.isArray(catalog?.streams)) throw new UsageError('--catalog 文件不是已配置的目录（缺少 streams）');
        const state = flags.has('state') ? statesFromAirbyte(await readJson(io, flags, 'state')) : undefined;
        const dateKeys = dateKeysOf(catalog);
        let failed = false;
        for await (const m of connector.read(config, catalog, state)) {
          if (m.type === 'RECORD') {
            await write(JSON.stringify(m, dateReplacer(dateKeys.get(m.record.stream) ?? new Set())));
          } else {
            if (m.type === 'TRACE' && m.trace.type === 'ERROR') failed = true;
            await emit(m);
          }
        }
        return failed ? 1 : 0;
      }
      default:
        throw new UsageError(command === undefined ? USAGE : `未知命令：${command}。${USAGE}`);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof UsageError) {
      await emit(errorMessage(message, 'config_error'));
    } else {
      await emit(logMessage('ERROR', err instanceof Error && err.stack ? err.stack : message));
      await emit(errorMessage(message, 'system_error'));
    }
    return 1;
  }
}
