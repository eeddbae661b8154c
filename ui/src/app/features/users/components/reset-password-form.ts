import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { User } from '../../../core/api/models';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { applyServerErrors, validateForm } from '../../../shared/forms';
import { UsersApi } from '../data-access/users-api';
import { PASSWORD_MIN_LENGTH } from './user-form';

function sameAsPassword(control: AbstractControl): ValidationErrors | null {
  const password = control.parent?.get('password')?.value as string | undefined;
  return control.value && password !== control.value ? { message: '两次输入的密码不一致' } : null;
}

/** An administrator sets a new password for a user (POST /api/users/{id}/password). */
@Component({
  selector: 'app-reset-password-form',
  imports: [
    ReactiveFormsModule,
    NzModalModule,
    NzFormModule,
    NzInputModule,
    NzAlertModule,
    FieldErrorPipe,
  ],
  template: `
    <nz-modal
      [nzVisible]="true"
      [nzTitle]="'重置密码：' + user().displayName + '（' + user().username + '）'"
      [nzOkLoading]="saving()"
      [nzMaskClosable]="false"
      (nzOnOk)="submit()"
      (nzOnCancel)="closed.emit()"
    >
      <ng-container *nzModalContent>
        <nz-alert
          class="form-alert"
          nzType="info"
          nzShowIcon
          nzMessage="重置后请通过安全渠道告知用户新密码，并提醒其登录后尽快修改。"
        />
        <form nz-form nzLayout="vertical" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="reset-password">新密码</nz-form-label>
            <nz-form-control [nzErrorTip]="form.controls.password.errors | fieldError: '新密码'">
              <input
                nz-input
                id="reset-password"
                name="newPassword"
                type="password"
                formControlName="password"
                autocomplete="new-password"
              />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="reset-confirm">确认新密码</nz-form-label>
            <nz-form-control [nzErrorTip]="form.controls.confirm.errors | fieldError: '确认新密码'">
              <input
                nz-input
                id="reset-confirm"
                name="confirmPassword"
                type="password"
                formControlName="confirm"
                autocomplete="new-password"
              />
            </nz-form-control>
          </nz-form-item>
        </form>
      </ng-container>
    </nz-modal>
  `,
  styles: `
    .form-alert {
      margin-bottom: 16px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordForm {
  private readonly api = inject(UsersApi);

  readonly user = input.required<User>();
  readonly done = output<void>();
  readonly closed = output<void>();

  protected readonly saving = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: [
      '',
      [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(128)],
    ],
    confirm: ['', [Validators.required, sameAsPassword]],
  });

  protected submit(): void {
    this.form.controls.confirm.updateValueAndValidity();
    if (!validateForm(this.form)) return;
    this.saving.set(true);
    this.api.resetPassword(this.user().id, this.form.getRawValue().password).subscribe({
      next: () => {
        this.saving.set(false);
        this.done.emit();
      },
      error: (error: unknown) => {
        applyServerErrors(this.form, error);
        this.saving.set(false);
      },
    });
  }
}
