import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDividerModule } from 'ng-zorro-antd/divider';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTooltipModule } from 'ng-zorro-antd/tooltip';
import { forkJoin } from 'rxjs';
import { Permission, Role } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { ExcelColumn, exportToExcel, fileStamp } from '../../../shared/excel-export';
import { RoleForm } from '../components/role-form';
import { SecurityApi } from '../data-access/security-api';

type OpenDialog = { kind: 'create' } | { kind: 'edit'; role: Role } | { kind: 'view'; role: Role };

/** Why a role cannot be deleted, or null when it can. */
export function deleteBlocker(role: Role): string | null {
  if (role.builtin) return '内置角色不能删除';
  if (role.userCount > 0) return `仍有 ${role.userCount} 名用户持有该角色，请先为他们改派角色`;
  return null;
}

/** 角色权限: roles and what each may do; editing needs role:write. */
@Component({
  selector: 'app-roles-page',
  imports: [
    NzCardModule,
    NzTableModule,
    NzTagModule,
    NzButtonModule,
    NzIconModule,
    NzDividerModule,
    NzPopconfirmModule,
    NzTooltipModule,
    RoleForm,
  ],
  templateUrl: './roles-page.html',
  styles: `
    .header-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .actions {
      white-space: nowrap;
    }
    .disabled {
      color: rgba(0, 0, 0, 0.25);
      cursor: not-allowed;
    }
    .danger {
      color: #ff4d4f;
    }
    .code {
      font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
      font-size: 13px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RolesPage {
  private readonly api = inject(SecurityApi);
  private readonly auth = inject(AuthService);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  protected readonly canWrite = computed(() => this.auth.permissions().includes('role:write'));
  protected readonly roles = signal<Role[]>([]);
  protected readonly catalog = signal<Permission[]>([]);
  protected readonly loading = signal(false);
  protected readonly busyCode = signal<string | null>(null);
  protected readonly dialog = signal<OpenDialog | null>(null);
  protected readonly blocker = deleteBlocker;

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    forkJoin({ roles: this.api.roles(), catalog: this.api.permissions() }).subscribe({
      next: ({ roles, catalog }) => {
        this.roles.set(roles);
        this.catalog.set(catalog);
        this.loading.set(false);
      },
      error: () => this.loading.set(false),
    });
  }

  protected onSaved(role: Role): void {
    const created = this.dialog()?.kind === 'create';
    this.dialog.set(null);
    this.message.success(created ? `已创建角色“${role.name}”` : `已保存角色“${role.name}”`);
    // Reload: the answer may lack the user count, and other rows do not change.
    this.load();
  }

  protected remove(role: Role): void {
    this.busyCode.set(role.code);
    this.api.deleteRole(role.code).subscribe({
      next: () => {
        this.busyCode.set(null);
        this.roles.update((list) => list.filter((r) => r.code !== role.code));
        this.message.success(`已删除角色“${role.name}”`);
      },
      error: () => this.busyCode.set(null),
    });
  }

  protected async export(): Promise<void> {
    const names = new Map(this.catalog().map((p) => [p.code, p.name]));
    const columns: ExcelColumn<Role>[] = [
      { header: '代码', value: (r) => r.code, width: 18 },
      { header: '名称', value: (r) => r.name, width: 16 },
      { header: '说明', value: (r) => r.description, width: 40 },
      { header: '内置', value: (r) => (r.builtin ? '是' : '否'), width: 8 },
      { header: '用户数', value: (r) => r.userCount, width: 8 },
      { header: '权限数', value: (r) => r.permissions.length, width: 8 },
      {
        header: '权限',
        value: (r) => r.permissions.map((c) => names.get(c) ?? c).join('、'),
        width: 60,
      },
    ];
    await exportToExcel(`角色权限-${fileStamp()}`, '角色权限', columns, this.roles());
    this.message.success(`已导出 ${this.roles().length} 个角色`);
  }
}
