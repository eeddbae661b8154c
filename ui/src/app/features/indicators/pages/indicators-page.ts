import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMenuModule } from 'ng-zorro-antd/menu';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { map, tap } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { formatDateTime } from '../../../shared/dates';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { PagedTable } from '../../../shared/paged-table';
import {
  BINDING_COLORS,
  BINDING_LABELS,
  DIRECTION_LABELS,
  KIND_LABELS,
  ORIGIN_COLORS,
  ORIGIN_LABELS,
} from '../data-access/indicator-labels';
import { IndicatorBinding, IndicatorOrigin, IndicatorSummary } from '../data-access/indicator-models';
import { IndicatorsApi } from '../data-access/indicators-api';

const EXPORT_COLUMNS: ExcelColumn<IndicatorSummary>[] = [
  { header: '编码', value: (r) => r.code, width: 12 },
  { header: '名称', value: (r) => r.name, width: 36 },
  { header: '专业', value: (r) => r.specialty, width: 18 },
  { header: '单位', value: (r) => r.unit, width: 8 },
  { header: '方向', value: (r) => DIRECTION_LABELS[r.direction] ?? r.direction, width: 12 },
  { header: '类型', value: (r) => KIND_LABELS[r.kind] ?? r.kind, width: 10 },
  { header: '来源', value: (r) => ORIGIN_LABELS[r.origin] ?? r.origin, width: 8 },
  { header: '所属质控中心', value: (r) => r.ownerCenter?.name, width: 24 },
  { header: '数据来源', value: (r) => BINDING_LABELS[r.binding] ?? r.binding, width: 10 },
  { header: '版本', value: (r) => r.version, width: 6 },
  { header: '待核实', value: (r) => (r.uncertain ? '是' : ''), width: 8 },
  { header: '更新时间', value: (r) => formatDateTime(r.updatedAt), width: 18 },
];

/** One entry of the specialty list; '' is 全部. */
interface SpecialtyEntry {
  name: string;
  label: string;
  count: number;
}

/**
 * 指标库: the specialties with their indicator counts, and a searchable, server-paged table of
 * indicators; a row opens the indicator. Those with indicator:manage add custom indicators.
 */
@Component({
  selector: 'app-indicators-page',
  imports: [
    FormsModule,
    RouterLink,
    NzButtonModule,
    NzCardModule,
    NzIconModule,
    NzInputModule,
    NzMenuModule,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
    NzTooltipModule,
  ],
  templateUrl: './indicators-page.html',
  styleUrl: './indicators-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorsPage {
  private readonly api = inject(IndicatorsApi);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;
  private readonly auth = inject(AuthService);
  protected readonly canManage = computed(() => this.auth.permissions().includes('indicator:manage'));

  protected readonly directionLabels = DIRECTION_LABELS;
  protected readonly originLabels = ORIGIN_LABELS;
  protected readonly originColors = ORIGIN_COLORS;
  protected readonly bindingLabels = BINDING_LABELS;
  protected readonly bindingColors = BINDING_COLORS;

  protected readonly specialty = signal<string>('');
  protected readonly q = signal('');
  protected readonly origin = signal<IndicatorOrigin | null>(null);
  protected readonly binding = signal<IndicatorBinding | null>(null);
  protected readonly exporting = signal(false);
  /** Counts per specialty as the server last reported them (they do not depend on the specialty picked). */
  protected readonly specialtyCounts = signal<{ name: string; count: number }[]>([]);
  /** The picked specialty stays listed (with 0) even when the search finds none in it. */
  protected readonly specialties = computed<SpecialtyEntry[]>(() => {
    const list = this.specialtyCounts().filter((s) => s.name);
    const total = list.reduce((sum, s) => sum + Number(s.count), 0);
    const picked = this.specialty();
    const entries = list.map((s) => ({ name: s.name, label: s.name, count: Number(s.count) }));
    if (picked && !entries.some((e) => e.name === picked)) entries.unshift({ name: picked, label: picked, count: 0 });
    return [{ name: '', label: '全部专业', count: total }, ...entries];
  });

  protected readonly paged = new PagedTable<IndicatorSummary>((page, pageSize) =>
    this.api
      .list({
        specialty: this.specialty() || null,
        q: this.q().trim() || null,
        origin: this.origin(),
        binding: this.binding(),
        page,
        pageSize,
      })
      .pipe(
        // The counts follow the search and the origin/binding filters, not the specialty picked.
        tap((list) => this.specialtyCounts.set(list.specialties ?? [])),
        map((list) => ({ items: list.items, total: list.total, page, pageSize })),
      ),
  );

  protected pickSpecialty(name: string): void {
    this.specialty.set(name);
    this.paged.applyFilters();
  }

  protected resetFilters(): void {
    this.q.set('');
    this.origin.set(null);
    this.binding.set(null);
    this.specialty.set('');
    this.paged.applyFilters();
  }

  protected open(row: IndicatorSummary): void {
    void this.router.navigate(['/indicators', row.code]);
  }

  /** Exports every indicator matching the filters, not only the page on screen. */
  protected async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows = await this.paged.all();
      if (rows.length === 0) {
        this.message.info('没有符合条件的指标可导出');
        return;
      }
      const scope = this.specialty() ? `-${this.specialty().replace(/[\\/:*?"<>|]/g, '_')}` : '';
      await exportToExcel(`指标库${scope}-${fileStamp()}`, '指标库', EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 项指标`);
    } catch {
      // Request errors were already shown by the error interceptor.
    } finally {
      this.exporting.set(false);
    }
  }
}
