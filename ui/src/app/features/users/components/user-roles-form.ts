import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { Role, User } from '../../../core/api/models';
import { UsersApi } from '../data-access/users-api';

/** Replaces a user's roles (PUT /api/users/{id}/roles). */
@Component({
  selector: 'app-user-roles-form',
  imports: [FormsModule, NzModalModule, NzCheckboxModule, NzAlertModule],
  template: `
    <nz-modal
      [nzVisible]="true"
      [nzTitle]="'分配角色：' + user().displayName + '（' + user().username + '）'"
      [nzOkLoading]="saving()"
      [nzMaskClosable]="false"
      (nzOnOk)="submit()"
      (nzOnCancel)="closed.emit()"
    >
      <ng-container *nzModalContent>
        @if (error(); as message) {
          <nz-alert class="form-alert" nzType="error" nzShowIcon [nzMessage]="message" />
        }
        <div class="roles">
          @for (role of roles(); track role.code) {
            <label
              nz-checkbox
              class="role"
              [ngModel]="selected().includes(role.code)"
              (ngModelChange)="toggle(role.code, $event)"
            >
              <span class="role-name">{{ role.name }}</span>
              @if (role.description) {
                <span class="muted role-desc">{{ role.description }}</span>
              }
            </label>
          }
        </div>
      </ng-container>
    </nz-modal>
  `,
  styles: `
    .roles {
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    .role {
      margin-left: 0;
    }
    .role-name {
      font-weight: 600;
      margin-right: 8px;
    }
    .role-desc {
      font-size: 12px;
    }
    .form-alert {
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserRolesForm implements OnInit {
  private readonly api = inject(UsersApi);

  readonly user = input.required<User>();
  readonly roles = input<Role[]>([]);
  readonly saved = output<User>();
  readonly closed = output<void>();

  protected readonly selected = signal<string[]>([]);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    this.selected.set(this.user().roles.map((r) => r.code));
  }

  protected toggle(code: string, checked: boolean): void {
    this.selected.update((list) =>
      checked ? [...new Set([...list, code])] : list.filter((c) => c !== code),
    );
  }

  protected submit(): void {
    if (this.selected().length === 0) {
      this.error.set('请至少选择一个角色；如需禁止登录，请改用“停用”。');
      return;
    }
    this.error.set(null);
    this.saving.set(true);
    this.api.setRoles(this.user().id, this.selected()).subscribe({
      next: (user) => {
        this.saving.set(false);
        this.saved.emit(user);
      },
      error: () => this.saving.set(false),
    });
  }
}
