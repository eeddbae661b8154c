import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Viewport } from '../../../core/layout/viewport';
import { formatDateTime } from '../../../shared/dates';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { ReportingApi } from '../data-access/reporting-api';
import { FORM_STATUS_COLORS, FORM_STATUS_LABELS, GRAIN_LABELS, periodText, recentPeriods } from '../data-access/reporting-labels';
import { ReportFormSummary } from '../data-access/reporting-models';

const EXPORT_COLUMNS: ExcelColumn<ReportFormSummary>[] = [
  { header: '编码', value: (f) => f.code, width: 14 },
  { header: '名称', value: (f) => f.name, width: 30 },
  { header: '所属质控中心', value: (f) => f.center?.name ?? '市卫健委', width: 26 },
  { header: '填报周期', value: (f) => GRAIN_LABELS[f.periodGrain], width: 10 },
  { header: '截止（期末后天数）', value: (f) => f.deadlineDays, width: 16 },
  { header: '提前提醒天数', value: (f) => f.remindDays, width: 12 },
  { header: '字段数', value: (f) => f.fieldCount, width: 8 },
  { header: '医疗机构数', value: (f) => f.hospitalCount, width: 10 },
  { header: '状态', value: (f) => FORM_STATUS_LABELS[f.status], width: 8 },
  { header: '更新时间', value: (f) => formatDateTime(f.updatedAt), width: 18 },
];

/** 表单管理: the report forms of the user's center (the city: all); design, publish for periods, archive. */
@Component({
  selector: 'app-forms-page',
  imports: [
    DatePipe,
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzCheckboxModule,
    NzIconModule,
    NzModalModule,
    NzPopconfirmModule,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
  ],
  templateUrl: './forms-page.html',
  styles: `
    .header-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .code {
      font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
    }
    .periods {
      width: 100%;
    }
    .actions {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormsPage {
  private readonly api = inject(ReportingApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  protected readonly statusLabels = FORM_STATUS_LABELS;
  protected readonly statusColors = FORM_STATUS_COLORS;
  protected readonly grainLabels = GRAIN_LABELS;
  protected readonly periodText = periodText;

  protected readonly forms = signal<ReportFormSummary[]>([]);
  protected readonly loading = signal(false);
  /** The form being published, with the periods picked. */
  protected readonly publishing = signal<ReportFormSummary | null>(null);
  protected readonly periods = signal<string[]>([]);
  protected readonly publishBusy = signal(false);
  protected readonly periodOptions = computed(() => {
    const f = this.publishing();
    return f ? recentPeriods(f.periodGrain) : [];
  });

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.api.forms().subscribe({
      next: (forms) => {
        this.forms.set(forms);
        this.loading.set(false);
      },
      error: () => this.loading.set(false),
    });
  }

  protected openPublish(form: ReportFormSummary): void {
    this.publishing.set(form);
    // The period just ended is the usual one to collect.
    this.periods.set(recentPeriods(form.periodGrain).slice(1, 2));
  }

  protected publish(): void {
    const form = this.publishing();
    const periods = this.periods();
    if (!form) return;
    if (periods.length === 0) {
      this.message.warning('请至少选择一个期间');
      return;
    }
    this.publishBusy.set(true);
    this.api.publish(form.id, periods).subscribe({
      next: (answer) => {
        this.publishBusy.set(false);
        this.publishing.set(null);
        const created = (answer as { created?: number; tasks?: number } | null)?.created ?? (answer as { tasks?: number } | null)?.tasks;
        this.message.success(
          typeof created === 'number'
            ? `已发布 ${periods.map(periodText).join('、')}，生成 ${created} 项填报任务`
            : `已发布 ${periods.map(periodText).join('、')}`,
        );
        this.load();
      },
      error: () => this.publishBusy.set(false),
    });
  }

  protected archive(form: ReportFormSummary): void {
    this.api.archive(form.id).subscribe({
      next: () => {
        this.message.success(`已归档“${form.name}”`);
        this.load();
      },
    });
  }

  protected edit(form: ReportFormSummary): void {
    void this.router.navigate(['/reporting/forms', form.id]);
  }

  protected async export(): Promise<void> {
    await exportToExcel(`上报表单-${fileStamp()}`, '上报表单', EXPORT_COLUMNS, this.forms());
  }
}
