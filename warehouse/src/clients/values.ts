import { formatDate, formatTimestamp } from '../schema/arrow.js';

/** A 64-bit integer as a number when it fits exactly, else kept as bigint. */
export function safeInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Milliseconds → 'YYYY-MM-DDTHH:MM:SS.sss', or undefined outside what a JS Date holds (±infinity). */
export function timestampText(ms: number): string | undefined {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? formatTimestamp(ms) : undefined;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD', or undefined outside what a JS Date holds. */
export function dateText(days: number): string | undefined {
  return Math.abs(days) <= 1e8 ? formatDate(days) : undefined;
}

const INT_TYPES = /^U?Int(8|16|32|64|128|256)$/;
const BIG_INT_TYPES = /^U?Int(64|128|256)$/;

/** Strips Nullable(…) and LowCardinality(…) from a ClickHouse type name. */
export function baseClickHouseType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[2]!.trim();
  }
}

/**
 * Converts one value of ClickHouse's JSON output format to the shape the warehouse returns (see
 * `WarehouseClient.query`): 64-bit integers arrive as strings or numbers, DateTime64 as
 * 'YYYY-MM-DD HH:MM:SS.fff', Decimals as numbers or strings.
 */
export function fromClickHouseJson(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  const t = baseClickHouseType(type);
  if (INT_TYPES.test(t)) {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && BIG_INT_TYPES.test(t)) return safeInteger(BigInt(value));
    return Number(value);
  }
  if (t.startsWith('Decimal') || t.startsWith('Float')) return typeof value === 'string' ? Number(value) : value;
  if (t.startsWith('DateTime') && typeof value === 'string') {
    // 'YYYY-MM-DD HH:MM:SS[.f…]' → 'YYYY-MM-DDTHH:MM:SS.sss'
    const [whole, fraction = ''] = value.split('.');
    return `${whole!.replace(' ', 'T')}.${fraction.padEnd(3, '0').slice(0, 3)}`;
  }
  if (t.startsWith('Array(') && Array.isArray(value)) {
    const inner = t.slice('Array('.length, -1);
    return value.map((v) => fromClickHouseJson(v, inner));
  }
  return value;
}
