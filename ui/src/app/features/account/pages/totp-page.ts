import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule, NzModalService } from 'ng-zorro-antd/modal';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzStepsModule } from 'ng-zorro-antd/steps';
import { TotpSetup } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { toApiError } from '../../../core/api/api-error';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import { AccountApi } from '../data-access/account-api';

export const TOTP_CODE_PATTERN = /^\d{6}$/;

/**
 * 两步验证: set up a TOTP authenticator (setup → scan → activate with a code), or see its status and
 * switch it off where no role requires it. In forced mode the only page open until it is enabled.
 */
@Component({
  selector: 'app-totp-page',
  imports: [
    ReactiveFormsModule,
    NzCardModule,
    NzFormModule,
    NzInputModule,
    NzButtonModule,
    NzIconModule,
    NzAlertModule,
    NzResultModule,
    NzStepsModule,
    // Provides NzModalService for the confirmation before switching the second factor off.
    NzModalModule,
    FieldErrorPipe,
  ],
  templateUrl: './totp-page.html',
  styleUrl: './totp-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TotpPage {
  private readonly api = inject(AccountApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  private readonly modal = inject(NzModalService);
  private readonly clipboard = inject(Clipboard);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly me = this.auth.me;
  /** The three steps do not fit a phone's width; the page reads in order without them. */
  protected readonly isMobile = inject(Viewport).isMobile;
  protected readonly forced = computed(() => this.auth.requiredStep() === 'enroll_totp');
  protected readonly enabled = computed(() => this.me()?.totpEnabled ?? false);
  protected readonly required = computed(() => this.me()?.totpRequired ?? false);

  protected readonly setup = signal<TotpSetup | null>(null);
  protected readonly starting = signal(false);
  protected readonly activating = signal(false);
  protected readonly disabling = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly activateForm = this.fb.group({
    totpCode: ['', [Validators.required, Validators.pattern(TOTP_CODE_PATTERN)]],
  });
  protected readonly disableForm = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(TOTP_CODE_PATTERN)]],
  });

  protected start(): void {
    this.formError.set(null);
    this.starting.set(true);
    this.api.setupTotp().subscribe({
      next: (setup) => {
        this.setup.set(setup);
        this.activateForm.reset();
        this.starting.set(false);
      },
      error: () => this.starting.set(false),
    });
  }

  protected copySecret(secret: string): void {
    if (this.clipboard.copy(secret)) this.message.success('密钥已复制');
    else this.message.warning('复制失败，请手动选中密钥复制');
  }

  protected activate(): void {
    this.formError.set(null);
    if (!validateForm(this.activateForm)) return;
    const wasForced = this.forced();
    this.activating.set(true);
    this.api.activateTotp(this.activateForm.getRawValue().totpCode.trim()).subscribe({
      next: () => void this.activated(wasForced),
      error: (error: unknown) => {
        this.activating.set(false);
        this.activateForm.controls.totpCode.reset('');
        this.formError.set(this.codeFailure(this.activateForm, 'totpCode', error));
      },
    });
  }

  protected confirmDisable(): void {
    this.formError.set(null);
    if (!validateForm(this.disableForm)) return;
    this.modal.confirm({
      nzTitle: '停用两步验证？',
      nzContent: '停用后登录只需用户名和密码，账户安全性将降低。',
      nzOkText: '停用',
      nzOkDanger: true,
      nzOnOk: () => this.disable(),
    });
  }

  private disable(): void {
    this.disabling.set(true);
    this.api.disableTotp(this.disableForm.getRawValue().code.trim()).subscribe({
      next: async () => {
        this.message.success('两步验证已停用');
        this.disableForm.reset();
        this.setup.set(null);
        await this.reloadMe();
        this.disabling.set(false);
      },
      error: (error: unknown) => {
        this.disabling.set(false);
        this.disableForm.controls.code.reset('');
        this.formError.set(this.codeFailure(this.disableForm, 'code', error));
      },
    });
  }

  private async activated(wasForced: boolean): Promise<void> {
    this.message.success('两步验证已启用，下次登录时需输入验证码');
    this.setup.set(null);
    await this.reloadMe();
    this.activating.set(false);
    if (wasForced) await this.router.navigateByUrl('/');
  }

  /** A refused code goes under its input; anything else above the form. */
  private codeFailure(form: FormGroup, field: string, error: unknown): string | null {
    const apiError = toApiError(error);
    const control = form.get(field);
    if (apiError.code === 'TOTP_INVALID' && control) {
      control.markAsDirty();
      control.setErrors({ server: apiError.message });
      return null;
    }
    return formFailure(form, error);
  }

  private async reloadMe(): Promise<void> {
    try {
      await this.auth.refresh();
    } catch {
      // The guard reloads `me` on the next navigation anyway.
    }
  }
}
