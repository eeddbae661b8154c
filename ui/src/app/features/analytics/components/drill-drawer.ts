import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzTableModule } from 'ng-zorro-antd/table';
import { map, tap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { silentErrors } from '../../../core/http/http-context';
import { Viewport } from '../../../core/layout/viewport';
import { formatDateTime } from '../../../shared/dates';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { PagedTable } from '../../../shared/paged-table';
import { AnalyticsApi } from '../data-access/analytics-api';
import { dischargeMethodLabel, formatNumber, periodText } from '../data-access/analytics-labels';
import { DrillKind, DrillRecord, DrillRow, ReportedRecord } from '../data-access/analytics-models';
import { DrillPart, DrillTarget } from './drill-target';

const PART_LABELS: Record<DrillPart, string> = { numerator: '分子', denominator: '分母' };
const CASE_PART_LABELS: Record<DrillPart, string> = { numerator: '分子', denominator: '例数' };

/** Columns of every drill list; operation columns are added when the records carry them. */
const BASE_COLUMNS: ExcelColumn<DrillRecord>[] = [
  { header: '机构代码', value: (r) => r.orgCode, width: 12 },
  { header: '病案号', value: (r) => r.recordNo, width: 16 },
  { header: '住院次数', value: (r) => r.admissionSeq, width: 10 },
  { header: '出院时间', value: (r) => formatDateTime(r.dischargeTime), width: 18 },
  { header: '出院科室', value: (r) => r.dischargeDept, width: 14 },
  { header: '主要诊断编码', value: (r) => r.mainDiagCode, width: 14 },
  { header: '主要诊断名称', value: (r) => r.mainDiagName, width: 28 },
  { header: '住院天数', value: (r) => r.losDays, width: 10 },
  { header: '离院方式', value: (r) => dischargeMethodLabel(r.dischargeMethod), width: 16 },
];
const OPERATION_COLUMNS: ExcelColumn<DrillRecord>[] = [
  { header: '手术编码', value: (r) => r.opCode, width: 14 },
  { header: '手术名称', value: (r) => r.opName, width: 28 },
  { header: '手术级别', value: (r) => r.opLevel, width: 10 },
];

/** Columns of a reported indicator's drill: the approved values that were added up. */
const REPORTED_COLUMNS: ExcelColumn<ReportedRecord>[] = [
  { header: '机构代码', value: (r) => r.orgCode, width: 12 },
  { header: '医疗机构', value: (r) => r.hospitalName ?? r.orgCode, width: 24 },
  { header: '期间', value: (r) => periodText(r.period), width: 14 },
  { header: '数据元', value: (r) => r.elementCode, width: 24 },
  { header: '值', value: (r) => r.value, width: 12 },
  { header: '表单', value: (r) => r.formCode, width: 16 },
  { header: '审核通过时间', value: (r) => formatDateTime(r.approvedAt), width: 18 },
  { header: '上报任务编号', value: (r) => r.taskId ?? null, width: 12 },
];

/** True when any record is an operation slot, so the drawer shows the operation columns. */
export function hasOperations(records: readonly DrillRecord[]): boolean {
  return records.some((r) => !!r.opCode || !!r.opName || (r.opLevel !== null && r.opLevel !== undefined));
}

/**
 * The records behind a number (GET /api/analytics/drill via the cell's link): a paged list of
 * discharges — and their operations when the part counts operations — or, for a reported indicator,
 * the approved values that were added up with a link to their task; an Excel export of all of them.
 * A refusal (another hospital's records: 403) is shown in the drawer with the server's words.
 */
@Component({
  selector: 'app-drill-drawer',
  imports: [FormsModule, RouterLink, NzAlertModule, NzButtonModule, NzDrawerModule, NzIconModule, NzRadioModule, NzTableModule],
  template: `
    <nz-drawer
      [nzVisible]="true"
      [nzTitle]="kind() === 'reported' ? '上报明细' : '病案明细'"
      [nzWidth]="isMobile() ? '100%' : '1000px'"
      (nzOnClose)="closed.emit()"
    >
      <ng-container *nzDrawerContent>
        <div data-testid="drill-drawer">
          <div class="head">
            <div class="title" data-testid="drill-title">{{ target().title }}</div>
            <div class="actions">
              @if (target().links.numerator && target().links.denominator) {
                <nz-radio-group nzSize="small" [ngModel]="part()" (ngModelChange)="switchPart($event)">
                  <label nz-radio-button nzValue="numerator">{{ partNames().numerator }}记录</label>
                  <label nz-radio-button nzValue="denominator">{{ partNames().denominator }}记录</label>
                </nz-radio-group>
              }
              <button
                nz-button
                nzSize="small"
                data-testid="drill-export"
                [disabled]="!!error() || paged.total() === 0"
                [nzLoading]="exporting()"
                (click)="export()"
              >
                <nz-icon nzType="download" />导出Excel
              </button>
            </div>
          </div>
          @if (error(); as message) {
            <nz-alert data-testid="drill-error" nzType="error" nzShowIcon [nzMessage]="message" />
          } @else if (kind() === 'reported') {
            <nz-table
              #reportedTable
              data-testid="drill-table"
              nzSize="small"
              nzShowSizeChanger
              [nzData]="reported()"
              [nzFrontPagination]="false"
              [nzLoading]="paged.loading()"
              [nzTotal]="paged.total()"
              [nzPageIndex]="paged.pageIndex()"
              [nzPageSize]="paged.pageSize()"
              [nzShowTotal]="totalTpl"
              [nzScroll]="{ x: '940px' }"
              (nzPageIndexChange)="toPage($event)"
              (nzPageSizeChange)="toPageSize($event)"
            >
              <thead>
                <tr>
                  <th>医疗机构</th>
                  <th nzWidth="110px">期间</th>
                  <th nzWidth="170px">数据元</th>
                  <th nzWidth="90px" nzAlign="right">值</th>
                  <th nzWidth="120px">表单</th>
                  <th nzWidth="140px">审核通过时间</th>
                  <th nzWidth="90px">上报任务</th>
                </tr>
              </thead>
              <tbody>
                @for (r of reportedTable.data; track r.submissionId + '|' + r.elementCode + '|' + $index) {
                  <tr [attr.data-submission-id]="r.submissionId">
                    <td>
                      {{ r.hospitalName ?? r.orgCode }}
                      @if (r.hospitalName) {
                        <span class="code muted">{{ r.orgCode }}</span>
                      }
                    </td>
                    <td>{{ periodText(r.period) }}</td>
                    <td class="code">{{ r.elementCode }}</td>
                    <td class="num">{{ r.value === null ? '未填' : number(r.value) }}</td>
                    <td class="code">{{ r.formCode }}</td>
                    <td>{{ dateTime(r.approvedAt) }}</td>
                    <td>
                      @if (r.taskLink; as link) {
                        <a [routerLink]="link" data-testid="drill-task-link">查看任务</a>
                      } @else {
                        —
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </nz-table>
          } @else {
            <nz-table
              #table
              data-testid="drill-table"
              nzSize="small"
              nzShowSizeChanger
              [nzData]="records()"
              [nzFrontPagination]="false"
              [nzLoading]="paged.loading()"
              [nzTotal]="paged.total()"
              [nzPageIndex]="paged.pageIndex()"
              [nzPageSize]="paged.pageSize()"
              [nzShowTotal]="totalTpl"
              [nzScroll]="{ x: operations() ? '1240px' : '960px' }"
              (nzPageIndexChange)="toPage($event)"
              (nzPageSizeChange)="toPageSize($event)"
            >
              <thead>
                <tr>
                  <th nzWidth="90px">机构代码</th>
                  <th nzWidth="110px">病案号</th>
                  <th nzWidth="70px">住院次数</th>
                  <th nzWidth="140px">出院时间</th>
                  <th nzWidth="100px">出院科室</th>
                  <th>主要诊断</th>
                  <th nzWidth="70px">住院天数</th>
                  <th nzWidth="110px">离院方式</th>
                  @if (operations()) {
                    <th nzWidth="100px">手术编码</th>
                    <th nzWidth="160px">手术名称</th>
                    <th nzWidth="70px">手术级别</th>
                  }
                </tr>
              </thead>
              <tbody>
                @for (r of table.data; track r.recordKey + '|' + (r.opCode ?? '') + '|' + $index) {
                  <tr>
                    <td>{{ r.orgCode }}</td>
                    <td>{{ r.recordNo }}</td>
                    <td>{{ r.admissionSeq ?? '—' }}</td>
                    <td>{{ dateTime(r.dischargeTime) }}</td>
                    <td>{{ r.dischargeDept ?? '—' }}</td>
                    <td>
                      <span class="code">{{ r.mainDiagCode }}</span> {{ r.mainDiagName }}
                    </td>
                    <td>{{ r.losDays ?? '—' }}</td>
                    <td>{{ method(r.dischargeMethod) || '—' }}</td>
                    @if (operations()) {
                      <td class="code">{{ r.opCode ?? '—' }}</td>
                      <td>{{ r.opName ?? '—' }}</td>
                      <td>{{ r.opLevel ?? '—' }}</td>
                    }
                  </tr>
                }
              </tbody>
            </nz-table>
          }
          <ng-template #totalTpl let-total>
            @if (listsCases()) {
              共 {{ total }} 例
            } @else {
              共 {{ total }} 条{{ partLabel() }}{{ kind() === 'reported' ? '上报值' : '记录' }}
            }
          </ng-template>
        </div>
      </ng-container>
    </nz-drawer>
  `,
  styles: `
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 12px;
    }
    .title {
      font-weight: 600;
      word-break: break-all;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .num {
      text-align: right;
      font-variant-numeric: tabular-nums;
    }
    .muted {
      color: rgba(0, 0, 0, 0.45);
      margin-left: 4px;
    }
    .code {
      font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DrillDrawer {
  private readonly api = inject(AnalyticsApi);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  readonly target = input.required<DrillTarget>();
  readonly closed = output<void>();


  protected readonly part = signal<DrillPart>('numerator');
  /** What the list holds: set from the page's hint, then from every answer. */
  protected readonly kind = signal<DrillKind>('discharge');
  protected readonly error = signal<string | null>(null);
  protected readonly exporting = signal(false);
  protected readonly partNames = computed(() => (this.target().cases ? CASE_PART_LABELS : PART_LABELS));
  protected readonly partLabel = computed(() => this.partNames()[this.part()]);
  /** The list is the cases of a median or percentile cell, one reported value per case. */
  protected readonly listsCases = computed(() => !!this.target().cases && this.part() === 'denominator');
  protected readonly records = computed(() => (this.kind() === 'discharge' ? (this.paged.rows() as DrillRecord[]) : []));
  protected readonly reported = computed(() => (this.kind() === 'reported' ? (this.paged.rows() as ReportedRecord[]) : []));
  protected readonly operations = computed(() => hasOperations(this.records()));
  protected readonly periodText = periodText;
  protected readonly number = formatNumber;
  protected readonly dateTime = formatDateTime;
  protected readonly method = dischargeMethodLabel;

  protected readonly paged = new PagedTable<DrillRow>((page, pageSize) =>
    this.api
      .drill(this.currentUrl(), page, pageSize, silentErrors())
      .pipe(
        tap((answer) => this.kind.set(answer.kind ?? 'discharge')),
        map((answer) => ({ page, pageSize, total: answer.total, items: answer.items as DrillRow[] })),
        tap({ error: (e: unknown) => this.error.set(toApiError(e).message) }),
      ),
  );

  constructor() {
    // A new target (another number clicked while open) starts over on its own part.
    effect(() => {
      const target = this.target();
      untracked(() => {
        this.part.set(target.links[target.part] ? target.part : target.part === 'numerator' ? 'denominator' : 'numerator');
        this.kind.set(target.kind ?? 'discharge');
        this.reload();
      });
    });
  }

  protected switchPart(part: DrillPart): void {
    this.part.set(part);
    this.reload();
  }

  // Page events rather than (nzQueryParams): that one also fires when the table is created, which
  // would load every page twice after a reload.
  protected toPage(index: number): void {
    if (index === this.paged.pageIndex()) return;
    this.paged.pageIndex.set(index);
    this.paged.load();
  }

  protected toPageSize(size: number): void {
    if (size === this.paged.pageSize()) return;
    this.paged.pageSize.set(size);
    this.paged.applyFilters();
  }

  private currentUrl(): string {
    return this.target().links[this.part()] ?? '';
  }

  private reload(): void {
    this.error.set(null);
    this.paged.rows.set([]);
    this.paged.total.set(0);
    this.paged.applyFilters();
  }

  /** Every record of the part, not just the page on screen (up to 5,000). */
  protected async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows = await this.paged.all();
      if (rows.length === 0) {
        this.message.info('没有可导出的记录');
        return;
      }
      const name = `${this.target().title}-${this.partLabel()}记录`.replace(/[\\/:*?"<>|\s·]+/g, '_');
      const file = `${name}-${fileStamp()}`;
      if (this.kind() === 'reported') {
        await exportToExcel(file, this.listsCases() ? '逐例数值' : `${this.partLabel()}上报值`, REPORTED_COLUMNS, rows as ReportedRecord[]);
      } else {
        const records = rows as DrillRecord[];
        const columns = hasOperations(records) ? [...BASE_COLUMNS, ...OPERATION_COLUMNS] : BASE_COLUMNS;
        await exportToExcel(file, `${this.partLabel()}记录`, columns, records);
      }
      this.message.success(`已导出 ${rows.length} 条记录`);
    } catch (e) {
      this.message.error(toApiError(e).message);
    } finally {
      this.exporting.set(false);
    }
  }
}
