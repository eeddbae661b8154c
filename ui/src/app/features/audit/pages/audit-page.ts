import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzAutocompleteModule } from 'ng-zorro-antd/auto-complete';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { AuditEntry, AuditResult, AuditVerification } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { downloadBlob, fileStamp } from '../../../shared/excel-export';
import { PagedTable } from '../../../shared/paged-table';
import { blobErrorMessage, fileNameFromDisposition } from '../../../shared/server-files';
import { AuditApi } from '../data-access/audit-api';
import { changedKeys, prettyJson } from '../data-access/audit-diff';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_RESULT_COLORS,
  AUDIT_RESULT_LABELS,
  roleLabel,
} from '../data-access/audit-labels';
import { AuditFilters, buildAuditQuery } from '../data-access/audit-query';

/** The server's export limit (docs/api.md). */
const EXPORT_LIMIT = 50_000;

/** 审计日志: search the trail, export it, and check its hash chain. */
@Component({
  selector: 'app-audit-page',
  imports: [
    DatePipe,
    FormsModule,
    NzCardModule,
    NzTableModule,
    NzTagModule,
    NzButtonModule,
    NzIconModule,
    NzInputModule,
    NzSelectModule,
    NzDatePickerModule,
    NzAutocompleteModule,
    NzAlertModule,
    NzTooltipModule,
  ],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly auth = inject(AuthService);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  protected readonly canExport = computed(() => this.auth.permissions().includes('audit:export'));
  protected readonly resultLabels = AUDIT_RESULT_LABELS;
  protected readonly resultColors = AUDIT_RESULT_COLORS;
  protected readonly actionName = (action: string): string | undefined => AUDIT_ACTION_LABELS[action];
  protected readonly roleLabel = roleLabel;
  protected readonly prettyJson = prettyJson;
  protected readonly changedKeys = changedKeys;

  protected readonly range = signal<(Date | null)[]>([]);
  protected readonly username = signal('');
  protected readonly action = signal('');
  protected readonly result = signal<AuditResult | null>(null);
  protected readonly q = signal('');

  /** Known actions matching what was typed, by code or Chinese name. */
  protected readonly actionOptions = computed(() => {
    const typed = this.action().trim().toLowerCase();
    return Object.entries(AUDIT_ACTION_LABELS)
      .filter(([code, label]) => !typed || code.includes(typed) || label.includes(typed))
      .map(([code, label]) => ({ code, label }));
  });

  protected readonly paged = new PagedTable<AuditEntry>((page, pageSize) =>
    this.api.list(buildAuditQuery(this.filters(), { page, pageSize })),
  );
  protected readonly expanded = signal<ReadonlySet<number>>(new Set());
  protected readonly exporting = signal(false);
  protected readonly verifying = signal(false);
  protected readonly verification = signal<AuditVerification | null>(null);

  protected filters(): AuditFilters {
    return {
      range: this.range(),
      username: this.username(),
      action: this.action(),
      result: this.result(),
      q: this.q(),
    };
  }

  protected setFrom(date: Date | null): void {
    this.range.update(([, to]) => [date, to ?? null]);
  }

  protected setTo(date: Date | null): void {
    this.range.update(([from]) => [from ?? null, date]);
  }

  protected search(): void {
    this.expanded.set(new Set());
    this.paged.applyFilters();
  }

  protected resetFilters(): void {
    this.range.set([]);
    this.username.set('');
    this.action.set('');
    this.result.set(null);
    this.q.set('');
    this.search();
  }

  protected toggle(id: number, open: boolean): void {
    this.expanded.update((set) => {
      const next = new Set(set);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  protected verify(): void {
    this.verifying.set(true);
    this.verification.set(null);
    this.api.verify().subscribe({
      next: (v) => {
        this.verification.set(v);
        this.verifying.set(false);
      },
      error: () => this.verifying.set(false),
    });
  }

  /** Downloads the server's .xlsx of every entry matching the filters (not just this page). */
  protected export(): void {
    if (this.paged.total() > EXPORT_LIMIT) {
      this.message.warning(`符合条件的记录超过 ${EXPORT_LIMIT} 条，只导出前 ${EXPORT_LIMIT} 条；可缩小时间范围分批导出`);
    }
    this.exporting.set(true);
    this.api.export(buildAuditQuery(this.filters())).subscribe({
      next: (response) => {
        this.exporting.set(false);
        const name =
          fileNameFromDisposition(response.headers.get('Content-Disposition')) ??
          `审计日志-${fileStamp()}.xlsx`;
        if (response.body) downloadBlob(response.body, name);
      },
      error: async (error: unknown) => {
        this.exporting.set(false);
        this.message.error(await blobErrorMessage(error));
      },
    });
  }
}
