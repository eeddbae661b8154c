import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { toApiError } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { formatDateTime } from '../../../shared/dates';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import {
  BINDING_COLORS,
  BINDING_LABELS,
  DIRECTION_LABELS,
  FIELD_LABELS,
  KIND_LABELS,
  ORIGIN_COLORS,
  ORIGIN_LABELS,
  VERSION_ORIGIN_LABELS,
  creatorName,
} from '../data-access/indicator-labels';
import { IndicatorDefinition, IndicatorDetail, IndicatorVersionRef } from '../data-access/indicator-models';
import { IndicatorsApi } from '../data-access/indicators-api';

/**
 * One indicator: its definition as of the current version (or `?version=N`), the 待核实 marks, the
 * version history and a link to its values in 指标分析.
 */
@Component({
  selector: 'app-indicator-detail-page',
  imports: [
    DatePipe,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDescriptionsModule,
    NzIconModule,
    NzResultModule,
    NzSkeletonModule,
    NzTableModule,
    NzTagModule,
  ],
  templateUrl: './indicator-detail-page.html',
  styleUrl: './indicator-detail-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorDetailPage {
  private readonly api = inject(IndicatorsApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** Route `:code`. */
  readonly code = input.required<string>();
  /** `?version=N` shows that version instead of the current one. */
  readonly version = input<string>();

  protected readonly directionLabels = DIRECTION_LABELS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly originLabels = ORIGIN_LABELS;
  protected readonly originColors = ORIGIN_COLORS;
  protected readonly bindingLabels = BINDING_LABELS;
  protected readonly bindingColors = BINDING_COLORS;
  protected readonly versionOriginLabels = VERSION_ORIGIN_LABELS;
  protected readonly creatorName = creatorName;

  protected readonly detail = signal<IndicatorDetail | null>(null);
  protected readonly shown = signal<IndicatorDefinition | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly loadingVersion = signal(false);
  protected readonly canAnalyse = computed(() => this.auth.permissions().includes('analytics:read'));
  protected readonly canManage = computed(() => this.auth.permissions().includes('indicator:manage'));
  protected readonly isOld = computed(() => {
    const d = this.detail();
    const s = this.shown();
    return !!d && !!s && s.version !== d.version;
  });
  protected readonly variables = computed(() => Object.entries(this.shown()?.variables ?? {}));
  protected readonly uncertainLabels = computed(() =>
    (this.shown()?.uncertainFields ?? []).map((f) => FIELD_LABELS[f] ?? f),
  );
  protected readonly versions = computed(() =>
    [...(this.detail()?.versions ?? [])].sort((a, b) => b.version - a.version),
  );

  constructor() {
    effect(() => this.load(this.code()));
    effect(() => {
      const detail = this.detail();
      const wanted = Number(this.version());
      if (!detail) return;
      if (Number.isInteger(wanted) && wanted > 0 && wanted !== detail.version) this.loadVersion(detail.code, wanted);
      else this.shown.set(detail);
    });
  }

  private load(code: string): void {
    this.error.set(null);
    this.detail.set(null);
    this.api.get(code).subscribe({
      next: (d) => this.detail.set(d),
      error: (e: unknown) => this.error.set(toApiError(e).message),
    });
  }

  private loadVersion(code: string, version: number): void {
    this.loadingVersion.set(true);
    this.api.version(code, version).subscribe({
      next: (v) => {
        this.shown.set({ ...v, code });
        this.loadingVersion.set(false);
      },
      error: () => this.loadingVersion.set(false),
    });
  }

  /** Opens a version through `?version=`, so the address can be shared; the current one drops it. */
  protected showVersion(version: number): void {
    const current = this.detail()?.version === version;
    void this.router.navigate([], { queryParams: { version: current ? null : version }, replaceUrl: true });
  }

  protected targetText(): string {
    const t = this.shown()?.target;
    if (!t) return '';
    if (t.text) return t.text;
    return t.value !== null && t.value !== undefined ? `${t.comparator ?? ''} ${t.value}` : '';
  }

  protected async exportVersions(): Promise<void> {
    const columns: ExcelColumn<IndicatorVersionRef>[] = [
      { header: '版本', value: (v) => v.version, width: 8 },
      { header: '来源', value: (v) => VERSION_ORIGIN_LABELS[v.origin] ?? v.origin, width: 12 },
      { header: '国家库版本', value: (v) => v.libraryVersion, width: 28 },
      { header: '修订说明', value: (v) => v.changeNote, width: 40 },
      { header: '修订人', value: (v) => creatorName(v.createdBy), width: 14 },
      { header: '时间', value: (v) => formatDateTime(v.createdAt), width: 18 },
    ];
    await exportToExcel(`指标版本-${this.code()}-${fileStamp()}`, '版本历史', columns, this.versions());
  }
}
