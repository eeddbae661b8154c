import { AuditResult } from '../../../core/api/models';
import { toDateOnly } from '../../../shared/dates';

/** The filters of the audit page as the user set them. */
export interface AuditFilters {
  /** nz-range-picker's [start, end]; either may be missing. */
  range: (Date | null)[] | null;
  username: string;
  action: string;
  result: AuditResult | null;
  q: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  range: null,
  username: '',
  action: '',
  result: null,
  q: '',
};

/**
 * The query string of GET /api/audit (and of /api/audit/export, which takes the same filters
 * without paging): dates as `YYYY-MM-DD`, text trimmed, empty filters left out.
 */
export function buildAuditQuery(
  filters: AuditFilters,
  paging?: { page: number; pageSize: number },
): Record<string, string> {
  const query: Record<string, string> = {};
  let [from, to] = filters.range ?? [];
  // A range picked backwards still means the days between.
  if (from && to && from.getTime() > to.getTime()) [from, to] = [to, from];
  const fromText = toDateOnly(from ?? null);
  const toText = toDateOnly(to ?? null);
  if (fromText) query['from'] = fromText;
  if (toText) query['to'] = toText;
  const username = filters.username.trim();
  if (username) query['username'] = username;
  const action = filters.action.trim();
  if (action) query['action'] = action;
  if (filters.result) query['result'] = filters.result;
  const q = filters.q.trim();
  if (q) query['q'] = q;
  if (paging) {
    query['page'] = String(paging.page);
    query['pageSize'] = String(paging.pageSize);
  }
  return query;
}
