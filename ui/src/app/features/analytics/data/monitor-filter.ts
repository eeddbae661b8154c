import { MonitorRow } from './analytics-models';

/** Chinese names and tag colours of the monitor's levels. */
export const MONITOR_LEVELS: Record<MonitorRow['level'], { label: string; color: string }> = {
  warning: { label: '即将到期', color: 'orange' },
  overdue: { label: '已逾期', color: 'red' },
};

/** The center of a monitor row as a name, whether the server sent a name or an org. */
export function monitorCenterName(row: MonitorRow): string {
  const c = row.center;
  if (!c) return '';
  return typeof c === 'string' ? c : c.name;
}

/** Client-side filters of the monitor list (the server filters period and center). */
export interface MonitorFilter {
  level: MonitorRow['level'] | null;
  text: string;
}

/**
 * The rows matching the level and the text (org, center or item, case-insensitive), most overdue
 * first so the worst cases lead.
 */
export function filterMonitorRows(rows: readonly MonitorRow[], filter: MonitorFilter): MonitorRow[] {
  const text = filter.text.trim().toLowerCase();
  return rows
    .filter((r) => !filter.level || r.level === filter.level)
    .filter(
      (r) =>
        !text ||
        [r.org, r.orgName, monitorCenterName(r), r.item].some((v) => (v ?? '').toLowerCase().includes(text)),
    )
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueDate.localeCompare(b.dueDate));
}
