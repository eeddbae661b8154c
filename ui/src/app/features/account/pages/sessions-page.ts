import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { SessionInfo } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { formatDateTime } from '../../../shared/dates';
import { AccountApi } from '../data-access/account-api';
import { describeUserAgent } from '../data-access/user-agent';

const EXPORT_COLUMNS: ExcelColumn<SessionInfo>[] = [
  { header: '设备/浏览器', value: (s) => describeUserAgent(s.userAgent), width: 24 },
  { header: 'IP', value: (s) => s.ip, width: 18 },
  { header: '登录时间', value: (s) => formatDateTime(s.createdAt), width: 18 },
  { header: '最近活动', value: (s) => formatDateTime(s.lastSeenAt), width: 18 },
  { header: '到期时间', value: (s) => formatDateTime(s.expiresAt), width: 18 },
  { header: '当前会话', value: (s) => (s.current ? '是' : ''), width: 10 },
  { header: 'User-Agent', value: (s) => s.userAgent, width: 60 },
];

/** 登录设备: the user's own sessions; any of them can be ended, the current one logs out. */
@Component({
  selector: 'app-sessions-page',
  imports: [
    DatePipe,
    NzCardModule,
    NzTableModule,
    NzTagModule,
    NzButtonModule,
    NzIconModule,
    NzPopconfirmModule,
    NzTooltipModule,
  ],
  template: `
    <div class="page-header">
      <h2>登录设备</h2>
      <div class="header-actions">
        <button nz-button (click)="load()"><nz-icon nzType="reload" />刷新</button>
        <button nz-button [disabled]="!sessions().length" (click)="export()">
          <nz-icon nzType="download" />导出Excel
        </button>
      </div>
    </div>
    <nz-card [nzBordered]="false">
      <p class="muted intro">
        以下是您的账户当前有效的登录会话。如发现不认识的设备，请将其下线并立即修改密码。
      </p>
      <nz-table
        #table
        nzSize="middle"
        [nzData]="sessions()"
        [nzLoading]="loading()"
        [nzFrontPagination]="false"
        [nzShowPagination]="false"
        [nzScroll]="{ x: '860px' }"
        nzNoResult="没有有效的登录会话"
      >
        <thead>
          <tr>
            <th>设备/浏览器</th>
            <th nzWidth="130px">IP</th>
            <th nzWidth="140px">登录时间</th>
            <th nzWidth="140px">最近活动</th>
            <th nzWidth="140px">到期时间</th>
            <th nzWidth="150px" [nzRight]="!isMobile()">操作</th>
          </tr>
        </thead>
        <tbody>
          @for (s of table.data; track s.id) {
            <tr [attr.data-session-id]="s.id">
              <td>
                <span nz-tooltip [nzTooltipTitle]="s.userAgent">{{ device(s) }}</span>
                @if (s.current) {
                  <nz-tag nzColor="green" class="current-tag" data-testid="current-session">当前会话</nz-tag>
                }
              </td>
              <td>{{ s.ip || '—' }}</td>
              <td>{{ s.createdAt | date: 'yyyy-MM-dd HH:mm' }}</td>
              <td>{{ s.lastSeenAt ? (s.lastSeenAt | date: 'yyyy-MM-dd HH:mm') : '—' }}</td>
              <td>{{ s.expiresAt | date: 'yyyy-MM-dd HH:mm' }}</td>
              <td [nzRight]="!isMobile()">
                <button
                  nz-button
                  nzSize="small"
                  nzDanger
                  nz-popconfirm
                  [nzLoading]="busyId() === s.id"
                  [nzPopconfirmTitle]="
                    s.current ? '这是当前会话，下线后需要重新登录。确定下线？' : '确定让该设备下线？'
                  "
                  nzOkText="下线"
                  nzCancelText="取消"
                  (nzOnConfirm)="end(s)"
                >
                  下线
                </button>
              </td>
            </tr>
          }
        </tbody>
      </nz-table>
    </nz-card>
  `,
  styles: `
    .header-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .intro {
      margin-top: 0;
    }
    .current-tag {
      margin-left: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SessionsPage {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  protected readonly sessions = signal<SessionInfo[]>([]);
  protected readonly loading = signal(false);
  protected readonly busyId = signal<SessionInfo['id'] | null>(null);

  constructor() {
    this.load();
  }

  protected device(session: SessionInfo): string {
    return describeUserAgent(session.userAgent);
  }

  protected load(): void {
    this.loading.set(true);
    this.api.sessions().subscribe({
      // The current session first, then the most recently active.
      next: (list) => {
        this.sessions.set(
          [...list].sort(
            (a, b) =>
              Number(b.current) - Number(a.current) ||
              (b.lastSeenAt ?? b.createdAt).localeCompare(a.lastSeenAt ?? a.createdAt),
          ),
        );
        this.loading.set(false);
      },
      error: () => this.loading.set(false),
    });
  }

  protected end(session: SessionInfo): void {
    this.busyId.set(session.id);
    this.api.endSession(session.id).subscribe({
      next: async () => {
        this.busyId.set(null);
        if (session.current) {
          // The server has ended this very session: forget everything and sign in again.
          this.auth.clear();
          this.message.info('当前会话已下线，请重新登录');
          await this.router.navigateByUrl('/login');
          return;
        }
        this.message.success('该设备已下线');
        this.sessions.update((list) => list.filter((s) => s.id !== session.id));
      },
      error: () => this.busyId.set(null),
    });
  }

  protected async export(): Promise<void> {
    await exportToExcel(`登录设备-${fileStamp()}`, '登录设备', EXPORT_COLUMNS, this.sessions());
  }
}
