/**
 * The `discharge_records` stream as row-by-row sources with a cursor emit it (HIS mid-tables, the
 * big-data center): the stream announced as incremental, and one source row → a RECORD or its
 * ROW_REJECTED traces.
 */
import { DISCHARGE_COLUMNS } from '@qc/warehouse';
import { DISCHARGE_STREAM, dischargeStream, normalizeDischarge, type NormalizeContext } from '../../core/discharge-record.js';
import { recordMessage, rejectMessage } from '../../core/messages.js';
import type { AirbyteMessage, AirbyteStream } from '../../core/protocol.js';

export { DISCHARGE_STREAM };

/** The stream as `discover` reports it for a source that keeps its own cursor. */
export function incrementalDischargeStream(): AirbyteStream {
  return { ...dischargeStream(), supported_sync_modes: ['full_refresh', 'incremental'], source_defined_cursor: true };
}

/**
 * Validates one source row (format keys → values) and returns what to emit: one RECORD, or one
 * ROW_REJECTED trace per problem. `where` names the row in the source (e.g. 病案号 and 住院次数) and is
 * appended to each message, because a database row has no line number a hospital could look up.
 */
export function dischargeMessages(input: Record<string, unknown>, row: number, ctx: NormalizeContext, where?: string): AirbyteMessage[] {
  const result = normalizeDischarge(input, row, ctx);
  if (result.ok) return [recordMessage(DISCHARGE_STREAM, result.record)];
  return result.rejects.map((r) => rejectMessage(DISCHARGE_STREAM, where ? { ...r, message: `${r.message}（${where}）` } : r));
}

const DATETIME_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const TYPE_BY_KEY = new Map(DISCHARGE_COLUMNS.map((c) => [c.key, c.type]));
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * Dates and times as a database or an API prints them → the format's wall-clock text (China Standard
 * Time, the hospitals' clock): a time with a zone is converted to UTC+8 and the zone dropped, a date
 * column stored as a datetime keeps its date. Other values pass through unchanged.
 */
export function wallClockText(key: string, value: unknown): unknown {
  const type = TYPE_BY_KEY.get(key);
  if ((type !== 'date' && type !== 'timestamp') || typeof value !== 'string') return value;
  const m = DATETIME_WITH_ZONE.exec(value.trim());
  if (!m) return value;
  const [, date, time, zone] = m;
  let text = time ? `${date} ${time}` : date!;
  if (time && zone && !/^\+08(:?00)?$/.test(zone)) {
    const iso = `${date}T${time}${zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`;
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return value;
    text = new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
  }
  return type === 'date' ? text.slice(0, 10) : text;
}
