import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { Router } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { AuthService } from '../../../core/auth/auth.service';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import { AccountApi } from '../data-access/account-api';

/** The default policy, in words; the server checks the one the security administrator set. */
export const PASSWORD_POLICY_HINT =
  '至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类；不能包含用户名，不能与最近 5 次用过的密码相同（以安全管理员设置的安全策略为准）。';

const DAY_MS = 24 * 60 * 60 * 1000;

function sameAsNew(control: AbstractControl): ValidationErrors | null {
  const password = control.parent?.get('newPassword')?.value as string | undefined;
  return control.value && password !== control.value ? { message: '两次输入的新密码不一致' } : null;
}

function differentFromOld(control: AbstractControl): ValidationErrors | null {
  const old = control.parent?.get('oldPassword')?.value as string | undefined;
  return control.value && old === control.value ? { message: '新密码不能与当前密码相同' } : null;
}

/** 修改密码 (POST /api/auth/password); in forced mode the only page open until it is done. */
@Component({
  selector: 'app-password-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    NzCardModule,
    NzFormModule,
    NzInputModule,
    NzButtonModule,
    NzAlertModule,
    FieldErrorPipe,
  ],
  template: `
    <div class="page-header"><h2>修改密码</h2></div>
    <nz-card [nzBordered]="false" class="narrow-card">
      @if (forced()) {
        <nz-alert
          class="block-alert"
          nzType="warning"
          nzShowIcon
          data-testid="forced-password"
          nzMessage="须修改密码后才能继续"
          nzDescription="首次登录或密码已过期/被重置，须修改密码后继续使用平台。修改前其他功能暂不可用。"
        />
      } @else if (expiresSoon(); as expiresAt) {
        <nz-alert
          class="block-alert"
          nzType="info"
          nzShowIcon
          [nzMessage]="'您的密码将于 ' + (expiresAt | date: 'yyyy-MM-dd') + ' 过期，请及时修改。'"
        />
      }
      @if (formError(); as message) {
        <nz-alert class="block-alert" nzType="error" nzShowIcon [nzMessage]="message" />
      }
      <form nz-form nzLayout="vertical" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <!-- Lets password managers tie the new password to this account. -->
        <input type="text" name="username" autocomplete="username" [value]="username()" hidden readonly />
        <nz-form-item>
          <nz-form-label nzRequired nzFor="old-password">当前密码</nz-form-label>
          <nz-form-control [nzErrorTip]="form.controls.oldPassword.errors | fieldError: '当前密码'">
            <input
              nz-input
              id="old-password"
              name="oldPassword"
              type="password"
              formControlName="oldPassword"
              autocomplete="current-password"
            />
          </nz-form-control>
        </nz-form-item>
        <nz-form-item>
          <nz-form-label nzRequired nzFor="new-password">新密码</nz-form-label>
          <nz-form-control
            [nzErrorTip]="form.controls.newPassword.errors | fieldError: '新密码'"
            [nzExtra]="policyHint"
          >
            <input
              nz-input
              id="new-password"
              name="newPassword"
              type="password"
              formControlName="newPassword"
              autocomplete="new-password"
            />
          </nz-form-control>
        </nz-form-item>
        <nz-form-item>
          <nz-form-label nzRequired nzFor="confirm-password">确认新密码</nz-form-label>
          <nz-form-control [nzErrorTip]="form.controls.confirmPassword.errors | fieldError: '确认新密码'">
            <input
              nz-input
              id="confirm-password"
              name="confirmPassword"
              type="password"
              formControlName="confirmPassword"
              autocomplete="new-password"
            />
          </nz-form-control>
        </nz-form-item>
        <p class="muted small">修改成功后，您在其他设备上的登录将全部退出。</p>
        <button nz-button nzType="primary" type="submit" [nzLoading]="saving()">确认修改</button>
      </form>
    </nz-card>
  `,
  styles: `
    .narrow-card {
      max-width: 560px;
    }
    .block-alert {
      margin-bottom: 16px;
    }
    .small {
      font-size: 12px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordPage {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);

  protected readonly policyHint = PASSWORD_POLICY_HINT;
  protected readonly forced = computed(() => this.auth.requiredStep() === 'change_password');
  protected readonly username = computed(() => this.auth.me()?.username ?? '');
  /** The expiry date when it is less than 14 days away. */
  protected readonly expiresSoon = computed(() => {
    const at = this.auth.me()?.passwordExpiresAt;
    return at && Date.parse(at) - Date.now() < 14 * DAY_MS ? at : null;
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    oldPassword: ['', [Validators.required, Validators.maxLength(128)]],
    newPassword: ['', [Validators.required, Validators.maxLength(128), differentFromOld]],
    confirmPassword: ['', [Validators.required, sameAsNew]],
  });

  protected submit(): void {
    this.formError.set(null);
    this.form.controls.newPassword.updateValueAndValidity();
    this.form.controls.confirmPassword.updateValueAndValidity();
    if (!validateForm(this.form)) return;
    const wasForced = this.forced();
    const { oldPassword, newPassword } = this.form.getRawValue();
    this.saving.set(true);
    this.api.changePassword(oldPassword, newPassword).subscribe({
      next: () => void this.done(wasForced),
      error: (error: unknown) => {
        this.saving.set(false);
        this.formError.set(formFailure(this.form, error));
      },
    });
  }

  private async done(wasForced: boolean): Promise<void> {
    this.message.success('密码已修改');
    this.form.reset();
    try {
      await this.auth.refresh();
    } catch {
      // The guard reloads `me` on the next navigation anyway.
    }
    this.saving.set(false);
    // The guard sends the user on to the second factor when that is due next.
    if (wasForced) await this.router.navigateByUrl('/');
  }
}
