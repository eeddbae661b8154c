import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Org, OrgKind } from '../../../core/api/models';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { ORG_KIND_COLORS, ORG_KIND_LABELS, ORG_STATUS_LABELS } from '../../../shared/labels';
import { OrgQuery, OrgsApi } from '../data-access/orgs-api';
import { PagedTable } from '../../../shared/paged-table';

/** Most rows an export fetches, page by page. */
const EXPORT_LIMIT = 5000;

const EXPORT_COLUMNS: ExcelColumn<Org>[] = [
  { header: '机构代码', value: (o) => o.code, width: 14 },
  { header: '名称', value: (o) => o.name, width: 30 },
  { header: '简称', value: (o) => o.shortName },
  { header: '类型', value: (o) => ORG_KIND_LABELS[o.kind], width: 10 },
  { header: '上级机构', value: (o) => o.parentName, width: 24 },
  { header: '等级', value: (o) => o.tier },
  { header: '机构类别', value: (o) => o.type },
  { header: '所有制', value: (o) => o.ownership, width: 10 },
  { header: '所在区县', value: (o) => o.district },
  { header: '地址', value: (o) => o.address, width: 30 },
  { header: '专业', value: (o) => o.specialty },
  { header: '级别', value: (o) => o.level, width: 10 },
  { header: '类别', value: (o) => o.category, width: 10 },
  { header: '挂靠单位', value: (o) => o.hostHospitalName, width: 24 },
  { header: '主任委员', value: (o) => o.directorName, width: 12 },
  { header: '任期开始', value: (o) => o.termStart, width: 12 },
  { header: '任期结束', value: (o) => o.termEnd, width: 12 },
  { header: '状态', value: (o) => ORG_STATUS_LABELS[o.status], width: 8 },
];

/** A flat, filterable, paged list of organizations with Excel export. */
@Component({
  selector: 'app-org-list',
  imports: [
    FormsModule,
    NzTableModule,
    NzInputModule,
    NzSelectModule,
    NzButtonModule,
    NzIconModule,
    NzTagModule,
  ],
  templateUrl: './org-list.html',
  styles: `
    .kind-select {
      width: 140px;
    }
    .search {
      width: 260px;
      max-width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrgList {
  private readonly api = inject(OrgsApi);
  private readonly message = inject(NzMessageService);
  /** Pinned columns would cover a phone screen. */
  protected readonly isMobile = inject(Viewport).isMobile;

  readonly view = output<number>();

  protected readonly kindLabels = ORG_KIND_LABELS;
  protected readonly kindColors = ORG_KIND_COLORS;
  protected readonly statusLabels = ORG_STATUS_LABELS;
  protected readonly kindOptions: { value: OrgKind; label: string }[] = [
    { value: 'qc_center', label: '质控中心' },
    { value: 'hospital', label: '医疗机构' },
    { value: 'department', label: '科室' },
    { value: 'commission', label: '卫健委' },
  ];

  protected readonly kind = signal<OrgKind | null>(null);
  protected readonly q = signal('');
  protected readonly paged = new PagedTable<Org>((page, pageSize) => this.api.list({ ...this.query(), page, pageSize }));
  protected readonly exporting = signal(false);

  private query(): OrgQuery {
    return { kind: this.kind(), q: this.q().trim() };
  }

  /** Exports every row matching the filters, not just the page on screen. */
  protected async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows = await this.paged.all(EXPORT_LIMIT);
      if (rows.length === 0) {
        this.message.info('没有符合条件的机构可导出');
        return;
      }
      await exportToExcel(`机构列表-${fileStamp()}`, '机构列表', EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 条机构记录`);
    } catch {
      // Request errors were already shown by the error interceptor.
    } finally {
      this.exporting.set(false);
    }
  }
}
