import { MonitorRow } from './analytics-models';

/** Chinese names and tag colours of the monitor's levels. */
export const MONITOR_LEVELS: Record<MonitorRow['level'], { label: string; color: string }> = {
  warning: { label: '即将到期', color: 'orange' },
  overdue: { label: '已逾期', color: 'red' },
};

/** The center of a monitor row; a form of the commission itself has none. */
export function monitorCenterName(row: MonitorRow): string {
  return row.center?.name ?? '';
}

/** Client-side filters of the monitor list (the server filters period and center). */
export interface MonitorFilter {
  level: MonitorRow['level'] | null;
  text: string;
}

/**
 * The rows matching the level and the text (org, center, item or its kind, case-insensitive), most
 * overdue first so the worst cases lead, then the nearest due date.
 */
export function filterMonitorRows(rows: readonly MonitorRow[], filter: MonitorFilter): MonitorRow[] {
  const text = filter.text.trim().toLowerCase();
  return rows
    .filter((r) => !filter.level || r.level === filter.level)
    .filter(
      (r) =>
        !text ||
        [r.org, r.orgName, monitorCenterName(r), r.item.title, r.item.kindName].some((v) => (v ?? '').toLowerCase().includes(text)),
    )
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.dueDate.localeCompare(b.dueDate));
}
