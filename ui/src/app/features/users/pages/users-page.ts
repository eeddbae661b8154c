import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDividerModule } from 'ng-zorro-antd/divider';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzDropDownModule } from 'ng-zorro-antd/dropdown';
import { NzModalService } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Role, User, UserStatus } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { USER_STATUS_LABELS } from '../../../shared/labels';
import { PagedTable } from '../../../shared/paged-table';
import { ResetPasswordForm } from '../components/reset-password-form';
import { UserContactDialog } from '../components/user-contact-dialog';
import { UserForm } from '../components/user-form';
import { UserRolesForm } from '../components/user-roles-form';
import { OrgLookup } from '../data-access/org-lookup';
import { UsersApi } from '../data-access/users-api';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; user: User }
  | { kind: 'roles'; user: User }
  | { kind: 'password'; user: User }
  | { kind: 'contact'; user: User };

function formatTime(value: string | null): string {
  if (!value) return '';
  const d = new Date(value);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const EXPORT_COLUMNS: ExcelColumn<User>[] = [
  { header: '用户名', value: (u) => u.username },
  { header: '姓名', value: (u) => u.displayName, width: 12 },
  { header: '所属机构', value: (u) => u.org.name, width: 30 },
  { header: '角色', value: (u) => u.roles.map((r) => r.name).join('、'), width: 28 },
  { header: '状态', value: (u) => USER_STATUS_LABELS[u.status], width: 8 },
  { header: '手机号', value: (u) => u.phone, width: 14 },
  { header: '邮箱', value: (u) => u.email, width: 24 },
  { header: '最后登录', value: (u) => formatTime(u.lastLoginAt) || '从未登录', width: 18 },
  { header: '创建时间', value: (u) => formatTime(u.createdAt), width: 18 },
];

/** 用户管理: search, filter and page through users; create and maintain them with user:write. */
@Component({
  selector: 'app-users-page',
  imports: [
    DatePipe,
    FormsModule,
    NzCardModule,
    NzTableModule,
    NzInputModule,
    NzSelectModule,
    NzButtonModule,
    NzIconModule,
    NzTagModule,
    NzDividerModule,
    NzDropDownModule,
    UserForm,
    UserRolesForm,
    ResetPasswordForm,
    UserContactDialog,
  ],
  providers: [OrgLookup],
  templateUrl: './users-page.html',
  styleUrl: './users-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly message = inject(NzMessageService);
  /** Pinned columns would cover a phone screen. */
  protected readonly isMobile = inject(Viewport).isMobile;
  private readonly auth = inject(AuthService);
  private readonly modal = inject(NzModalService);
  protected readonly orgs = inject(OrgLookup);

  protected readonly canWrite = computed(() => this.auth.permissions().includes('user:write'));
  protected readonly canUnmask = computed(() => this.auth.permissions().includes('personal:unmask'));
  protected readonly hasActions = computed(() => this.canWrite() || this.canUnmask());
  protected readonly statusLabels = USER_STATUS_LABELS;
  protected readonly roles = signal<Role[]>([]);

  protected readonly q = signal('');
  protected readonly orgId = signal<number | null>(null);
  protected readonly role = signal<string | null>(null);
  protected readonly status = signal<UserStatus | null>(null);

  protected readonly paged = new PagedTable<User>((page, pageSize) =>
    this.api.list({ q: this.q().trim(), orgId: this.orgId(), role: this.role(), status: this.status(), page, pageSize }),
  );
  protected readonly exporting = signal(false);
  protected readonly busyId = signal<number | null>(null);
  protected readonly dialog = signal<OpenDialog | null>(null);

  constructor() {
    this.api.roles().subscribe({
      next: (roles) => this.roles.set(roles),
      // The error toast is enough; the role filter just stays empty.
      error: () => this.roles.set([]),
    });
  }

  protected resetFilters(): void {
    this.q.set('');
    this.orgId.set(null);
    this.role.set(null);
    this.status.set(null);
    this.paged.applyFilters();
  }

  protected confirmStatus(user: User, status: UserStatus): void {
    const disabling = status === 'disabled';
    this.modal.confirm({
      nzTitle: disabling ? `停用用户“${user.displayName}”？` : `启用用户“${user.displayName}”？`,
      nzContent: disabling
        ? '停用后该用户将无法登录，已登录的会话也会失效；可随时重新启用。'
        : '启用后该用户可使用原密码登录。',
      nzOkText: disabling ? '停用' : '启用',
      nzOkDanger: disabling,
      nzOnOk: () => this.setStatus(user, status),
    });
  }

  private setStatus(user: User, status: UserStatus): void {
    this.busyId.set(user.id);
    this.api.update(user.id, { status }).subscribe({
      next: (updated) => {
        this.busyId.set(null);
        this.replaceRow(updated);
        this.message.success(`已${USER_STATUS_LABELS[status]}用户“${updated.displayName}”`);
      },
      error: () => this.busyId.set(null),
    });
  }

  protected onSaved(user: User): void {
    const created = this.dialog()?.kind === 'create';
    this.dialog.set(null);
    if (created) {
      this.message.success(`已创建用户“${user.displayName}”`);
      this.paged.load();
    } else {
      this.message.success(`已保存用户“${user.displayName}”`);
      this.replaceRow(user);
    }
  }

  protected onPasswordReset(): void {
    const dialog = this.dialog();
    this.dialog.set(null);
    if (dialog && dialog.kind === 'password') {
      this.message.success(`已重置“${dialog.user.displayName}”的密码`);
    }
  }

  /** Exports every user matching the filters, not just the page on screen. */
  protected async export(): Promise<void> {
    this.exporting.set(true);
    try {
      const rows = await this.paged.all();
      if (rows.length === 0) {
        this.message.info('没有符合条件的用户可导出');
        return;
      }
      await exportToExcel(`用户列表-${fileStamp()}`, '用户列表', EXPORT_COLUMNS, rows);
      this.message.success(`已导出 ${rows.length} 名用户`);
    } catch {
      // Request errors were already shown by the error interceptor.
    } finally {
      this.exporting.set(false);
    }
  }

  private replaceRow(user: User): void {
    this.paged.replace((r) => r.id === user.id, user);
  }
}
