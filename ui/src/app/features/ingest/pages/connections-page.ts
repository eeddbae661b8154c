import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDividerModule } from 'ng-zorro-antd/divider';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { EMPTY, switchMap, timer } from 'rxjs';
import { Connection } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { ConnectionForm } from '../components/connection-form';
import { cronToWords, describeSchedule } from '../data-access/cron-words';
import { HospitalOptions } from '../data-access/hospital-options';
import { IngestApi } from '../data-access/ingest-api';
import { CONNECTION_KIND_LABELS, RUN_STATUS_COLORS, RUN_STATUS_LABELS, isActiveRun } from '../data-access/ingest-labels';

/** How often the list refreshes while a connection's last run is queued or running. */
const LIVE_REFRESH_MS = 2000;

/**
 * 数据连接: the HIS databases, the big-data center's interface, file directories and the platform's
 * own database that feed the warehouse; with ingest:manage, create, edit and run them.
 */
@Component({
  selector: 'app-connections-page',
  imports: [
    DatePipe,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzDividerModule,
    NzIconModule,
    NzTableModule,
    NzTagModule,
    NzTooltipModule,
    ConnectionForm,
  ],
  providers: [HospitalOptions],
  templateUrl: './connections-page.html',
  styleUrl: './connections-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionsPage {
  private readonly api = inject(IngestApi);
  private readonly auth = inject(AuthService);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;
  protected readonly hospitals = inject(HospitalOptions);

  protected readonly canManage = computed(() => this.auth.permissions().includes('ingest:manage'));
  protected readonly kindLabels = CONNECTION_KIND_LABELS;
  protected readonly statusLabels = RUN_STATUS_LABELS;
  protected readonly statusColors = RUN_STATUS_COLORS;
  protected readonly isActive = isActiveRun;
  protected readonly describeSchedule = describeSchedule;
  /** Expressions without words are shown as code. */
  protected readonly hasWords = (cron: string | null) => !cron || cronToWords(cron) !== null;

  protected readonly connections = signal<Connection[]>([]);
  protected readonly loading = signal(true);
  /** The drawer: null closed; `connection` null for a new one. */
  protected readonly editing = signal<{ connection: Connection | null } | null>(null);
  protected readonly startingId = signal<number | null>(null);
  /** The run 立即运行 just queued, linked above the table. */
  protected readonly started = signal<{ name: string; runId: string } | null>(null);

  constructor() {
    this.load();
    if (this.canManage()) this.hospitals.load(true);
    // While a last run is moving, refresh quietly every 2 s so its status follows.
    toObservable(this.connections)
      .pipe(
        switchMap((list) =>
          list.some((c) => c.lastRun && isActiveRun(c.lastRun.status)) ? timer(LIVE_REFRESH_MS) : EMPTY,
        ),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.refresh());
  }

  protected load(): void {
    this.loading.set(true);
    this.api.connections().subscribe({
      next: (list) => {
        this.connections.set(list);
        this.loading.set(false);
      },
      error: () => this.loading.set(false),
    });
  }

  private refresh(): void {
    this.api.connections(true).subscribe({
      next: (list) => this.connections.set(list),
      // Keep the list on screen; the next action or reload tries again.
      error: () => undefined,
    });
  }

  protected runNow(connection: Connection): void {
    this.startingId.set(connection.id);
    this.api.runConnection(connection.id).subscribe({
      next: ({ runId }) => {
        this.startingId.set(null);
        this.started.set({ name: connection.name, runId });
        this.refresh();
      },
      error: () => this.startingId.set(null),
    });
  }

  protected onSaved(connection: Connection): void {
    const created = this.editing()?.connection === null;
    this.editing.set(null);
    this.message.success(created ? `已新建数据连接“${connection.name}”` : `已保存数据连接“${connection.name}”`);
    if (created) {
      this.load();
    } else {
      this.connections.update((list) => list.map((c) => (c.id === connection.id ? connection : c)));
    }
  }
}
