import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Observable } from 'rxjs';
import { Permission, Role } from '../../../core/api/models';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import {
  DOMAIN_COLORS,
  DOMAIN_LABELS,
  groupPermissions,
  separationWarning,
} from '../data-access/permissions';
import { SecurityApi, UpdateRolePayload } from '../data-access/security-api';

/** Role codes as the built-in ones are written: lower case, digits and underscores. */
export const ROLE_CODE_PATTERN = /^[a-z][a-z0-9_]{1,31}$/;
export const ROLE_CODE_HINT = '以小写字母开头的 2–32 位小写字母、数字或下划线';

/** New role (POST /api/roles), edit (PATCH /api/roles/{code}), or a read-only view. */
@Component({
  selector: 'app-role-form',
  imports: [
    FormsModule,
    ReactiveFormsModule,
    NzModalModule,
    NzFormModule,
    NzInputModule,
    NzCheckboxModule,
    NzTagModule,
    NzAlertModule,
    FieldErrorPipe,
  ],
  templateUrl: './role-form.html',
  styleUrl: './role-form.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoleForm implements OnInit {
  private readonly api = inject(SecurityApi);

  /** The role to edit or view; null to create one. */
  readonly role = input<Role | null>(null);
  readonly catalog = input<Permission[]>([]);
  readonly readOnly = input(false);
  readonly saved = output<Role>();
  readonly closed = output<void>();

  protected readonly codeHint = ROLE_CODE_HINT;
  protected readonly domainLabels = DOMAIN_LABELS;
  protected readonly domainColors = DOMAIN_COLORS;
  protected readonly groups = computed(() => groupPermissions(this.catalog()));
  protected readonly selected = signal<string[]>([]);
  protected readonly separation = computed(() => separationWarning(this.selected(), this.catalog()));
  protected readonly title = computed(() => {
    const role = this.role();
    if (!role) return '新建角色';
    return this.readOnly() ? `查看角色：${role.name}` : `编辑角色：${role.name}`;
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly permissionsError = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    code: ['', [Validators.required, Validators.pattern(ROLE_CODE_PATTERN)]],
    name: ['', [Validators.required, Validators.maxLength(50)]],
    description: ['', [Validators.maxLength(200)]],
  });

  ngOnInit(): void {
    const role = this.role();
    if (role) {
      this.form.patchValue({ code: role.code, name: role.name, description: role.description ?? '' });
      this.form.controls.code.disable();
      this.selected.set([...role.permissions]);
    }
    if (this.readOnly()) this.form.disable();
  }

  protected isChecked(code: string): boolean {
    return this.selected().includes(code);
  }

  protected toggle(code: string, checked: boolean): void {
    this.permissionsError.set(null);
    this.selected.update((list) =>
      checked ? [...new Set([...list, code])] : list.filter((c) => c !== code),
    );
  }

  /** 'all' | 'some' | 'none' of a group's permissions are selected. */
  protected groupState(items: Permission[]): 'all' | 'some' | 'none' {
    const n = items.filter((p) => this.selected().includes(p.code)).length;
    return n === 0 ? 'none' : n === items.length ? 'all' : 'some';
  }

  protected toggleGroup(items: Permission[], checked: boolean): void {
    for (const p of items) this.toggle(p.code, checked);
  }

  protected submit(): void {
    if (this.readOnly()) {
      this.closed.emit();
      return;
    }
    this.formError.set(null);
    if (!validateForm(this.form)) return;
    if (this.selected().length === 0) {
      this.permissionsError.set('请至少选择一项权限');
      return;
    }
    const role = this.role();
    const v = this.form.getRawValue();
    let request: Observable<Role>;
    if (role) {
      const patch = this.changes(role);
      if (Object.keys(patch).length === 0) {
        this.closed.emit();
        return;
      }
      request = this.api.updateRole(role.code, patch);
    } else {
      request = this.api.createRole({
        code: v.code.trim(),
        name: v.name.trim(),
        description: v.description.trim(),
        permissions: this.selected(),
      });
    }
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.saved.emit(saved);
      },
      error: (error: unknown) => {
        // The server's 400 (e.g. 三员分立) and 409 (代码已存在) land on the form.
        this.formError.set(formFailure(this.form, error, role ? undefined : 'code'));
        this.saving.set(false);
      },
    });
  }

  private changes(role: Role): UpdateRolePayload {
    const v = this.form.getRawValue();
    const patch: UpdateRolePayload = {};
    if (v.name.trim() !== role.name) patch.name = v.name.trim();
    if (v.description.trim() !== (role.description ?? '')) patch.description = v.description.trim();
    const before = [...role.permissions].sort().join(',');
    const after = [...this.selected()].sort().join(',');
    if (before !== after) patch.permissions = this.selected();
    return patch;
  }
}
