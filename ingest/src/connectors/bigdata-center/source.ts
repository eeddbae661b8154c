/**
 * 市卫生健康大数据中心: discharge records from the city's REST API (PROTOCOL.md), incrementally by
 * `updated_since` with the first page's `server_time` as the next high-water mark.
 */
import { randomUUID } from 'node:crypto';
import { errorMessage, logMessage, rejectMessage, stateMessage } from '../../core/messages.js';
import type {
  AirbyteCatalog,
  AirbyteConnectionStatus,
  AirbyteMessage,
  ConfiguredAirbyteCatalog,
  ConnectorSpecification,
  SourceConnector,
} from '../../core/protocol.js';
import { DISCHARGE_STREAM, dischargeMessages, incrementalDischargeStream, wallClockText } from '../his-db/discharge-stream.js';
import { BigDataCenterClient, BigDataCenterError, type BigDataCenterDeps } from './client.js';
import {
  BIGDATA_CENTER_SPEC,
  BigDataCenterConfigError,
  resolveBigDataCenterConfig,
  type BigDataCenterConfig,
} from './config.js';

/** Where an incremental read stands (PROTOCOL.md §4). */
export interface BigDataCenterState {
  /** Start of the current round: records with updated_at ≥ this. */
  updated_since?: string;
  /** Mid-round only: the next page to fetch… */
  page_token?: string;
  /** …and the round's high-water mark (its first page's server_time). */
  next_updated_since?: string;
}

function failureType(err: unknown): 'config_error' | 'system_error' {
  return err instanceof BigDataCenterConfigError || (err instanceof BigDataCenterError && err.kind === 'config') ? 'config_error' : 'system_error';
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function compact(state: BigDataCenterState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
}

function where(item: Record<string, unknown>): string {
  return `医疗机构代码 ${String(item.org_code ?? '')}，病案号 ${String(item.record_no ?? '')}，住院次数 ${String(item.admission_seq ?? '')}`;
}

/** The source, with what tests inject (fetch, sleep, clock); `bigDataCenterSource` is the production one. */
export function createBigDataCenterSource(deps: BigDataCenterDeps = {}): SourceConnector<BigDataCenterConfig> {
  return {
    name: 'bigdata-center',

    spec(): ConnectorSpecification {
      return {
        connectionSpecification: BIGDATA_CENTER_SPEC,
        supportsIncremental: true,
        supported_destination_sync_modes: ['append_dedup', 'append', 'overwrite'],
      };
    },

    async check(config: BigDataCenterConfig): Promise<AirbyteConnectionStatus> {
      try {
        const cfg = resolveBigDataCenterConfig(config);
        const client = new BigDataCenterClient(cfg, deps);
        const page = await client.listDischargeRecords({ pageSize: 1, updatedSince: cfg.startDate });
        return { status: 'SUCCEEDED', message: `已连接市大数据中心，令牌有效；服务端时间 ${page.server_time}` };
      } catch (err) {
        return { status: 'FAILED', message: describe(err) };
      }
    },

    async discover(config: BigDataCenterConfig): Promise<AirbyteCatalog> {
      resolveBigDataCenterConfig(config);
      return { streams: [incrementalDischargeStream()] };
    },

    async *read(config: BigDataCenterConfig, catalog: ConfiguredAirbyteCatalog, state?: Record<string, Record<string, unknown>>): AsyncGenerator<AirbyteMessage> {
      const configured = catalog.streams.find((s) => s.stream.name === DISCHARGE_STREAM);
      if (!configured) return;
      try {
        const cfg = resolveBigDataCenterConfig(config);
        const notes: string[] = [];
        const client = new BigDataCenterClient(cfg, deps, (m) => notes.push(m));
        const saved = (configured.sync_mode === 'incremental' ? state?.[DISCHARGE_STREAM] : undefined) as BigDataCenterState | undefined;

        const since = saved?.updated_since ?? cfg.startDate;
        // a saved page token is only usable with the round's high-water mark beside it
        let pageToken = saved?.page_token && saved.next_updated_since ? saved.page_token : undefined;
        let highWater = pageToken ? saved?.next_updated_since : undefined;
        yield logMessage('INFO', `从市大数据中心读取${since ? ` ${since} 之后变更的` : '全部'}病案首页${pageToken ? '（从上次中断的页继续）' : ''}`);

        const ctx = { patientKeySecret: cfg.patientKeySecret, runId: cfg.runId ?? randomUUID(), source: 'bigdata-center', loadedAt: new Date() };
        let row = 0;
        let records = 0;
        for (;;) {
          let page;
          try {
            page = await client.listDischargeRecords({ updatedSince: since, pageToken, pageSize: cfg.pageSize });
          } catch (err) {
            if (err instanceof BigDataCenterError && err.kind === 'page_token' && pageToken) {
              // the token outlived its welcome: the round starts over (records already read come again, deduplicated by record_key)
              yield logMessage('WARN', `${err.message}，从 ${since ?? '头'} 重新开始本轮`);
              pageToken = undefined;
              highWater = undefined;
              continue;
            }
            throw err;
          } finally {
            for (const note of notes.splice(0)) yield logMessage('WARN', note);
          }
          highWater ??= page.server_time;

          for (const item of page.items) {
            row += 1;
            if (item === null || typeof item !== 'object' || Array.isArray(item)) {
              yield rejectMessage(DISCHARGE_STREAM, { row, field: '', message: '记录不是 JSON 对象' });
              continue;
            }
            const source = item as Record<string, unknown>;
            const input: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(source)) input[key] = wallClockText(key, value);
            for (const m of dischargeMessages(input, row, ctx, where(source))) {
              if (m.type === 'RECORD') records += 1;
              yield m;
            }
          }

          if (page.next_page_token) {
            if (page.next_page_token === pageToken) throw new BigDataCenterError('市大数据中心返回了与上一页相同的页令牌，已停止以免死循环', 'system');
            pageToken = page.next_page_token;
            yield stateMessage(DISCHARGE_STREAM, compact({ updated_since: since, page_token: pageToken, next_updated_since: highWater }));
          } else {
            yield stateMessage(DISCHARGE_STREAM, compact({ updated_since: highWater }));
            break;
          }
        }
        yield logMessage('INFO', `读取 ${row} 条：${records} 条入库，${row - records} 条被拒收；令牌 ${client.tokensIssued} 个`);
      } catch (err) {
        yield errorMessage(describe(err), failureType(err));
        return;
      }
    },
  };
}

/** The big-data center source. */
export const bigDataCenterSource = createBigDataCenterSource();
