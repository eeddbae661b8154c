import { HttpClient } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { toApiError } from '../../../core/api/api-error';
import { Captcha } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { FORCED_STEP_PAGES } from '../../../core/auth/forced-step';
import { silentErrors } from '../../../core/http/http-context';
import { validateForm } from '../../../shared/forms';
import {
  INITIAL_LOGIN_STATE,
  LoginFlowState,
  afterLoginFailure,
  buildLoginRequest,
} from '../data-access/login-flow';

/** Only in-app paths may be used as a return target, never another site. */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) {
    return '/';
  }
  return value;
}

const TOTP_PATTERN = /^\d{6}$/;

/**
 * Sign-in: username and password, then — as the server asks — a captcha and a 6-digit code; after
 * it, the forced password change or second-factor enrolment, or back to `returnUrl`.
 */
@Component({
  selector: 'app-login-page',
  imports: [
    ReactiveFormsModule,
    NzCardModule,
    NzFormModule,
    NzInputModule,
    NzButtonModule,
    NzIconModule,
    NzAlertModule,
  ],
  templateUrl: './login-page.html',
  styleUrl: './login-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly totpInput = viewChild<ElementRef<HTMLInputElement>>('totpInput');

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', [Validators.required, Validators.maxLength(64)]],
    password: ['', [Validators.required, Validators.maxLength(128)]],
    captcha: [{ value: '', disabled: true }, [Validators.required, Validators.maxLength(12)]],
    totp: [{ value: '', disabled: true }, [Validators.required, Validators.pattern(TOTP_PATTERN)]],
  });
  protected readonly submitting = signal(false);
  protected readonly flow = signal<LoginFlowState>(INITIAL_LOGIN_STATE);
  protected readonly captcha = signal<Captcha | null>(null);
  protected readonly captchaLoading = signal(false);
  protected readonly captchaError = signal(false);
  /** Set when a security check sent the user here (e.g. `?reason=csrf`). */
  protected readonly notice = computed(() =>
    this.route.snapshot.queryParamMap.get('reason') === 'csrf'
      ? '登录状态的安全校验未通过（页面可能已过期，或已在其他窗口退出），请重新登录。'
      : null,
  );

  protected async submit(): Promise<void> {
    if (!validateForm(this.form)) return;
    this.submitting.set(true);
    const request = buildLoginRequest(this.flow(), this.form.getRawValue(), this.captcha()?.captchaId ?? null);
    try {
      const { next } = await this.auth.login(request);
      this.flow.set(INITIAL_LOGIN_STATE);
      const target = next
        ? FORCED_STEP_PAGES[next]
        : safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
      await this.router.navigateByUrl(target);
    } catch (e) {
      this.onFailure(e);
    } finally {
      this.submitting.set(false);
    }
  }

  protected refreshCaptcha(): void {
    this.form.controls.captcha.reset('');
    this.captchaLoading.set(true);
    this.captchaError.set(false);
    this.http.get<Captcha>('/api/auth/captcha', { context: silentErrors() }).subscribe({
      next: (captcha) => {
        this.captcha.set(captcha);
        this.captchaLoading.set(false);
      },
      error: () => {
        this.captcha.set(null);
        this.captchaError.set(true);
        this.captchaLoading.set(false);
      },
    });
  }

  private onFailure(error: unknown): void {
    const hadTotp = this.flow().totp;
    const outcome = afterLoginFailure(this.flow(), toApiError(error));
    this.flow.set(outcome.state);
    const c = this.form.controls;
    if (outcome.clearPassword) c.password.reset('');
    if (outcome.clearTotp) c.totp.reset('');
    if (outcome.clearCaptcha) c.captcha.reset('');
    this.toggle(c.captcha, outcome.state.captcha);
    this.toggle(c.totp, outcome.state.totp);
    if (outcome.refreshCaptcha) this.refreshCaptcha();
    if (outcome.state.totp && !hadTotp) {
      setTimeout(() => this.totpInput()?.nativeElement.focus());
    }
  }

  private toggle(control: { enable(): void; disable(): void }, on: boolean): void {
    if (on) control.enable();
    else control.disable();
  }
}
