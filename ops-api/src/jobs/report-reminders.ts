import type { Knex } from 'knex';
import type { WarehouseClient } from '@qc/ingest';
import type { Logger } from '../logger.js';
import { notifyHospitalFillers } from '../services/notification-service.js';
import { addDays, daysBetween, shanghaiDate } from '../services/reporting-periods.js';
import { syncApprovedSubmissions } from '../services/reporting-warehouse.js';

interface OpenTask {
  id: number;
  hospital_id: number;
  period_label: string;
  due_date: string;
  remind_days: number;
  form_name: string;
}

/**
 * Writes reminders for open tasks (pending, draft, returned) of published forms: one `report_due` to
 * the hospital's liaisons once `remind_days` before the due date, and one `report_overdue` once it has
 * passed. Dedupe keys make a second run (or a second replica) write nothing new. `now` drives time.
 */
export async function runReportReminders(knex: Knex, now: Date = new Date()): Promise<{ due: number; overdue: number }> {
  const today = shanghaiDate(now);
  return knex.transaction(async (trx) => {
    const tasks = (await trx('report_tasks as t')
      .join('report_forms as f', 'f.id', 't.form_id')
      .whereIn('t.status', ['pending', 'draft', 'returned'])
      .whereNot('f.status', 'draft')
      // due within remind_days, or already past
      .whereRaw('t.due_date - f.remind_days <= ?::date', [today])
      .select('t.id', 't.hospital_id', 't.period_label', 't.due_date', 'f.remind_days', 'f.name as form_name')) as OpenTask[];
    let due = 0;
    let overdue = 0;
    for (const t of tasks) {
      const left = daysBetween(today, t.due_date);
      const what = `${t.form_name}（${t.period_label}）`;
      const link = `/reporting/tasks/${t.id}`;
      if (left < 0) {
        overdue += await notifyHospitalFillers(trx, Number(t.hospital_id), {
          kind: 'report_overdue',
          title: `【数据上报】${what}已逾期`,
          body: `截止日期 ${t.due_date}，已逾期 ${-left} 天，请尽快填报并提交。`,
          link,
          dedupeKey: `report:${t.id}:overdue`,
        });
      } else if (today >= addDays(t.due_date, -Number(t.remind_days))) {
        due += await notifyHospitalFillers(trx, Number(t.hospital_id), {
          kind: 'report_due',
          title: `【数据上报】${what}将于 ${t.due_date} 截止`,
          body: left === 0 ? '今天截止，请及时填报并提交。' : `还剩 ${left} 天，请及时填报并提交。`,
          link,
          dedupeKey: `report:${t.id}:due`,
        });
      }
    }
    return { due, overdue };
  });
}

/**
 * The reporting background work: reminders hourly, and a sweep every minute that writes approved
 * submissions the approval request could not write to the warehouse (both also once at start).
 */
export class ReportJobs {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly o: { knex: Knex; warehouse: WarehouseClient; logger: Logger; sweepMs?: number; remindMs?: number }) {}

  /** Starts the timers and runs both once in the background. */
  start(): void {
    this.schedule(() => this.sweepNow(), this.o.sweepMs ?? 60_000);
    this.schedule(() => this.remindNow(), this.o.remindMs ?? 3_600_000);
  }

  private schedule(fn: () => Promise<unknown>, ms: number): void {
    void fn();
    const timer = setInterval(() => void fn(), ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Runs one step after the previous (one at a time: PGlite has a single connection anyway). */
  private serial<T>(fn: () => Promise<T>, what: string): Promise<T | undefined> {
    const next = this.running.then(async () => {
      if (this.stopped) return undefined;
      try {
        return await fn();
      } catch (err) {
        this.o.logger.error({ err }, `${what} failed`);
        return undefined;
      }
    });
    this.running = next;
    return next;
  }

  /** Writes unsynced approved submissions to the warehouse now. */
  sweepNow(): Promise<{ submissions: number; rows: number } | undefined> {
    return this.serial(async () => {
      const out = await syncApprovedSubmissions(this.o.knex, this.o.warehouse);
      if (out.submissions) this.o.logger.info(out, 'reported values written to the warehouse');
      return out;
    }, 'reported values sweep');
  }

  /** Writes due and overdue reminders now. */
  remindNow(now?: Date): Promise<{ due: number; overdue: number } | undefined> {
    return this.serial(async () => {
      const out = await runReportReminders(this.o.knex, now);
      if (out.due || out.overdue) this.o.logger.info(out, 'report reminders written');
      return out;
    }, 'report reminders');
  }

  /** Stops the timers and waits for the step in progress; queued steps are skipped. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const current = this.running;
    this.stopped = true;
    await current;
  }
}
