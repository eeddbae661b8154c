import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputNumberModule } from 'ng-zorro-antd/input-number';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { startWith } from 'rxjs';
import { Role, SecurityPolicy } from '../../../core/api/models';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import { POLICY_SECTIONS, PolicyNumberField, policyWarning } from '../data-access/policy-fields';
import { SecurityApi } from '../data-access/security-api';

type NumberKey = PolicyNumberField['key'];

function buildForm(): FormGroup {
  const controls: Record<string, FormControl> = {};
  for (const section of POLICY_SECTIONS) {
    for (const f of section.fields) {
      controls[f.key] = new FormControl<number | null>(null, [
        Validators.required,
        Validators.min(f.min),
        Validators.max(f.max),
      ]);
    }
  }
  controls['totpRequiredRoles'] = new FormControl<string[]>([], { nonNullable: true });
  return new FormGroup(controls);
}

/** The Chinese message for a numeric policy field's error. */
export function policyFieldError(field: PolicyNumberField, errors: Record<string, unknown> | null): string {
  if (!errors) return '';
  if (errors['server']) return errors['server'] as string;
  if (errors['required']) return `请填写${field.label}`;
  return `${field.label}须在 ${field.min}–${field.max} 之间`;
}

/** 安全策略: every field of GET /api/security/policy, saved whole with PUT. */
@Component({
  selector: 'app-policy-page',
  imports: [
    ReactiveFormsModule,
    NzCardModule,
    NzFormModule,
    NzGridModule,
    NzInputNumberModule,
    NzSelectModule,
    NzButtonModule,
    NzIconModule,
    NzAlertModule,
    NzSkeletonModule,
    FieldErrorPipe,
  ],
  templateUrl: './policy-page.html',
  styles: `
    .section-title {
      margin: 8px 0 12px;
      font-size: 15px;
      font-weight: 600;
    }
    .form-alert {
      margin-bottom: 16px;
    }
    .full {
      width: 100%;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PolicyPage {
  private readonly api = inject(SecurityApi);
  private readonly message = inject(NzMessageService);

  protected readonly sections = POLICY_SECTIONS;
  protected readonly form = buildForm();
  protected readonly roles = signal<Role[]>([]);
  protected readonly loaded = signal<SecurityPolicy | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly fieldError = policyFieldError;

  private readonly value = toSignal(this.form.valueChanges.pipe(startWith(this.form.value)));
  protected readonly warning = computed(() => {
    const v = this.value() as Partial<SecurityPolicy> | undefined;
    const captcha = v?.captchaAfterFailures;
    const lockout = v?.lockoutThreshold;
    if (typeof captcha !== 'number' || typeof lockout !== 'number') return null;
    return policyWarning({ captchaAfterFailures: captcha, lockoutThreshold: lockout });
  });

  constructor() {
    this.load();
    this.api.roles().subscribe({ next: (roles) => this.roles.set(roles), error: () => this.roles.set([]) });
  }

  protected load(): void {
    this.loadFailed.set(false);
    this.api.policy().subscribe({
      next: (policy) => this.fill(policy),
      error: () => this.loadFailed.set(true),
    });
  }

  protected reset(): void {
    const policy = this.loaded();
    if (policy) this.fill(policy);
  }

  protected control(key: NumberKey): FormControl {
    return this.form.get(key) as FormControl;
  }

  protected submit(): void {
    this.formError.set(null);
    if (!validateForm(this.form)) return;
    const policy = this.form.getRawValue() as SecurityPolicy;
    this.saving.set(true);
    this.api.savePolicy(policy).subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.fill(saved);
        this.message.success('安全策略已保存，新的登录和密码修改按新策略执行');
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.formError.set(formFailure(this.form, error));
      },
    });
  }

  private fill(policy: SecurityPolicy): void {
    this.loaded.set(policy);
    this.form.reset({ ...policy, totpRequiredRoles: [...(policy.totpRequiredRoles ?? [])] });
  }
}
