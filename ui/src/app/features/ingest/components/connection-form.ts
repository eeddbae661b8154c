import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  OnInit,
  computed,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  FormControl,
  FormRecord,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzInputNumberModule } from 'ng-zorro-antd/input-number';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSwitchModule } from 'ng-zorro-antd/switch';
import { Observable } from 'rxjs';
import { Connection, ConnectionKind } from '../../../core/api/models';
import { Viewport } from '../../../core/layout/viewport';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import {
  CONNECTION_CONFIG_FIELDS,
  CUSTOM_SCHEDULE,
  ConfigField,
  ConnectionDraft,
  MANUAL_ONLY,
  SECRET_MASK,
  buildConfig,
  createPayload,
  initialConfigValues,
  keepsSavedValue,
  scheduleChoiceOf,
  scheduleFrom,
  updatePayload,
} from '../data-access/connection-config';
import { SCHEDULE_PRESETS, cronToWords, isValidCron } from '../data-access/cron-words';
import { HospitalOption } from '../data-access/hospital-options';
import { IngestApi } from '../data-access/ingest-api';
import { CONNECTION_KIND_LABELS } from '../data-access/ingest-labels';

type ConfigForm = FormRecord<FormControl<string | number | null>>;

/** 自定义 needs a valid five-field expression; the other choices need nothing. */
const customCronValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  if (control.parent?.get('scheduleChoice')?.value !== CUSTOM_SCHEDULE) return null;
  const value = String(control.value ?? '').trim();
  if (!value) return { required: true };
  return isValidCron(value) ? null : { message: '请填写 5 段 cron 表达式：分 时 日 月 周，例如 30 1 * * *' };
};

/** New connection (POST) or edit (PATCH with only what changed; secrets only when retyped), in a drawer. */
@Component({
  selector: 'app-connection-form',
  imports: [
    ReactiveFormsModule,
    NzDrawerModule,
    NzFormModule,
    NzInputModule,
    NzInputNumberModule,
    NzSelectModule,
    NzSwitchModule,
    NzButtonModule,
    NzAlertModule,
    FieldErrorPipe,
  ],
  templateUrl: './connection-form.html',
  styles: `
    .form-alert {
      margin-bottom: 16px;
    }
    nz-input-number {
      width: 100%;
    }
    .section {
      margin: 8px 0 12px;
      font-weight: 600;
    }
    .code {
      font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
    }
    .footer {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionForm implements OnInit {
  private readonly api = inject(IngestApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** The connection to edit; null to create one. */
  readonly connection = input<Connection | null>(null);
  readonly hospitals = input<HospitalOption[]>([]);
  readonly hospitalsLoading = input(false);
  readonly saved = output<Connection>();
  readonly closed = output<void>();

  protected readonly kinds = Object.entries(CONNECTION_KIND_LABELS) as [ConnectionKind, string][];
  protected readonly presets = SCHEDULE_PRESETS;
  protected readonly manualOnly = MANUAL_ONLY;
  protected readonly customSchedule = CUSTOM_SCHEDULE;
  protected readonly isEdit = computed(() => this.connection() !== null);
  protected readonly title = computed(() => {
    const c = this.connection();
    return c ? `编辑数据连接：${c.name}` : '新建数据连接';
  });
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    kind: this.fb.control<ConnectionKind>('his_db', Validators.required),
    orgCode: this.fb.control<string | null>(null),
    scheduleChoice: this.fb.control<string>('0 2 * * *'),
    customCron: ['', customCronValidator],
    enabled: this.fb.control(true),
  });
  protected readonly kind = signal<ConnectionKind>('his_db');
  protected readonly fields = computed(() => CONNECTION_CONFIG_FIELDS[this.kind()]);
  protected readonly config = signal<ConfigForm>(new FormRecord<FormControl<string | number | null>>({}));
  protected readonly scheduleChoice = signal('0 2 * * *');
  protected readonly customWords = signal<string | null>(null);

  ngOnInit(): void {
    const c = this.connection();
    if (c) {
      const { choice, custom } = scheduleChoiceOf(c.schedule);
      this.form.patchValue({
        name: c.name,
        kind: c.kind,
        orgCode: c.org?.code ?? null,
        scheduleChoice: choice,
        customCron: custom,
        enabled: c.enabled,
      });
      // Another kind would need another config; make a new connection instead.
      this.form.controls.kind.disable();
      this.scheduleChoice.set(choice);
      this.customWords.set(cronToWords(custom));
    }
    this.kind.set(this.form.controls.kind.value);
    this.config.set(this.buildConfigForm(this.kind(), c?.config ?? null));

    this.form.controls.kind.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((kind) => {
      this.kind.set(kind);
      this.config.set(this.buildConfigForm(kind, null));
    });
    this.form.controls.scheduleChoice.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((choice) => {
      this.scheduleChoice.set(choice);
      this.form.controls.customCron.updateValueAndValidity();
    });
    this.form.controls.customCron.valueChanges
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((cron) => this.customWords.set(cronToWords(cron)));
  }

  /** The placeholder of a box whose saved value the server masked: it stays unless retyped. */
  protected placeholderOf(field: ConfigField): string {
    const saved = this.connection()?.config ?? null;
    if (keepsSavedValue(field, saved)) {
      const value = String(saved?.[field.key] ?? '');
      return value && value !== SECRET_MASK ? `${value}（留空则不修改）` : `${SECRET_MASK}（已设置，留空则不修改）`;
    }
    return field.placeholder ?? '';
  }

  /** The saved organization may be outside the hospital list (a center, the commission). */
  protected hasHospital(code: string): boolean {
    return this.hospitals().some((h) => h.code === code);
  }

  protected submit(): void {
    this.formError.set(null);
    const config = this.config();
    const formValid = validateForm(this.form);
    const configValid = validateForm(config);
    if (!formValid || !configValid) return;
    const v = this.form.getRawValue();
    const saved = this.connection();
    const draft: ConnectionDraft = {
      name: v.name,
      kind: v.kind,
      orgCode: v.orgCode,
      schedule: scheduleFrom(v.scheduleChoice, v.customCron),
      enabled: v.enabled,
      config: buildConfig(v.kind, config.getRawValue(), saved?.config ?? null),
    };
    let request: Observable<Connection>;
    if (saved) {
      const patch = updatePayload(saved, draft);
      if (Object.keys(patch).length === 0) {
        this.closed.emit();
        return;
      }
      request = this.api.updateConnection(saved.id, patch);
    } else {
      request = this.api.createConnection(createPayload(draft));
    }
    this.saving.set(true);
    request.subscribe({
      next: (connection) => {
        this.saving.set(false);
        this.saved.emit(connection);
      },
      error: (error: unknown) => {
        this.formError.set(formFailure(this.form, error, 'name'));
        this.saving.set(false);
      },
    });
  }

  private buildConfigForm(kind: ConnectionKind, saved: Record<string, unknown> | null): ConfigForm {
    const values = initialConfigValues(kind, saved);
    const form: ConfigForm = new FormRecord<FormControl<string | number | null>>({});
    for (const field of CONNECTION_CONFIG_FIELDS[kind]) {
      const validators: ValidatorFn[] = [];
      // A masked value stays on the server when its box is left empty.
      if (field.required && !keepsSavedValue(field, saved)) validators.push(Validators.required);
      if (field.min !== undefined) validators.push(Validators.min(field.min));
      if (field.max !== undefined) validators.push(Validators.max(field.max));
      form.addControl(field.key, new FormControl<string | number | null>(values[field.key] ?? null, validators));
    }
    return form;
  }
}
