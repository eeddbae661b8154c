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
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzDatePickerModule } from 'ng-zorro-antd/date-picker';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { Observable, startWith } from 'rxjs';
import { Org, OrgDetail, OrgKind } from '../../../core/api/models';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import { fromDateOnly, toDateOnly } from '../../../shared/dates';
import {
  HOSPITAL_OWNERSHIPS,
  HOSPITAL_TIERS,
  HOSPITAL_TYPES,
  LIUZHOU_DISTRICTS,
  ORG_KIND_LABELS,
  QC_CENTER_CATEGORIES,
  QC_CENTER_LEVELS,
} from '../../../shared/labels';
import { OrgPayload, OrgsApi } from '../data-access/orgs-api';

/** Kinds that can be created from the UI (the commission is seeded). */
export type CreatableKind = Exclude<OrgKind, 'commission'>;

const PHONE_PATTERN = /^[0-9+\-() ]{5,20}$/;
/** Same rule as ops-api. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;

/** Fields compared when editing; only those that changed are sent. */
const EDITABLE_FIELDS = [
  'name',
  'shortName',
  'status',
  'tier',
  'type',
  'ownership',
  'district',
  'address',
  'specialty',
  'category',
  'level',
  'hostHospitalId',
  'directorName',
  'termStart',
  'termEnd',
] as const;

function blankToNull<T>(value: T): T | null {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

/** Create or edit one organization in a modal (PATCH sends only the changed fields). */
@Component({
  selector: 'app-org-form',
  imports: [
    ReactiveFormsModule,
    NzModalModule,
    NzFormModule,
    NzGridModule,
    NzInputModule,
    NzSelectModule,
    NzRadioModule,
    NzDatePickerModule,
    NzAlertModule,
    FieldErrorPipe,
  ],
  templateUrl: './org-form.html',
  styles: `
    .form-alert {
      margin-bottom: 16px;
    }
    nz-date-picker {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrgForm implements OnInit {
  private readonly api = inject(OrgsApi);
  private readonly destroyRef = inject(DestroyRef);

  /** The organization to edit; null to create one. */
  readonly org = input<OrgDetail | null>(null);
  /** Preselected kind and parent when creating. */
  readonly defaultKind = input<CreatableKind>('hospital');
  readonly defaultParentId = input<number | null>(null);
  /** Parent of new centers and hospitals (the commission), when known. */
  readonly commissionId = input<number | null>(null);
  readonly saved = output<Org>();
  readonly closed = output<void>();

  protected readonly kindLabels = ORG_KIND_LABELS;
  protected readonly tiers = HOSPITAL_TIERS;
  protected readonly types = HOSPITAL_TYPES;
  protected readonly ownerships = HOSPITAL_OWNERSHIPS;
  protected readonly districts = LIUZHOU_DISTRICTS;
  protected readonly levels = QC_CENTER_LEVELS;
  protected readonly categories = QC_CENTER_CATEGORIES;

  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly form = this.fb.group({
    kind: this.fb.control<CreatableKind>('hospital'),
    parentId: this.fb.control<number | null>(null),
    code: ['', [Validators.required, Validators.pattern(CODE_PATTERN)]],
    name: ['', [Validators.required, Validators.maxLength(100)]],
    shortName: ['', Validators.maxLength(50)],
    status: this.fb.control<'active' | 'inactive'>('active'),
    tier: this.fb.control<string | null>(null),
    type: this.fb.control<string | null>(null),
    ownership: this.fb.control<string | null>(null),
    district: this.fb.control<string | null>(null),
    address: ['', Validators.maxLength(200)],
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    specialty: ['', Validators.maxLength(50)],
    category: this.fb.control<string | null>(null),
    level: this.fb.control<string | null>(null),
    hostHospitalId: this.fb.control<number | null>(null),
    directorName: ['', Validators.maxLength(50)],
    termStart: this.fb.control<Date | null>(null),
    termEnd: this.fb.control<Date | null>(null),
  });

  protected readonly isEdit = computed(() => this.org() !== null);
  protected readonly kind = toSignal(
    this.form.controls.kind.valueChanges.pipe(startWith(this.form.controls.kind.value)),
    { requireSync: true },
  );
  protected readonly hospitals = signal<Org[]>([]);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly title = computed(() => {
    const org = this.org();
    return org ? `编辑${ORG_KIND_LABELS[org.kind]}：${org.name}` : '新增机构';
  });

  ngOnInit(): void {
    const org = this.org();
    if (org) {
      this.form.patchValue({
        kind: org.kind === 'commission' ? 'hospital' : org.kind,
        parentId: org.parentId,
        code: org.code,
        name: org.name,
        shortName: org.shortName ?? '',
        status: org.status,
        tier: org.tier,
        type: org.type,
        ownership: org.ownership,
        district: org.district,
        address: org.address ?? '',
        // The server masks phone numbers; an empty box means "keep the current one".
        phone: '',
        specialty: org.specialty ?? '',
        category: org.category,
        level: org.level,
        hostHospitalId: org.hostHospitalId,
        directorName: org.directorName ?? '',
        termStart: fromDateOnly(org.termStart),
        termEnd: fromDateOnly(org.termEnd),
      });
      this.form.controls.code.disable();
      this.form.controls.kind.disable();
    } else {
      this.form.patchValue({ kind: this.defaultKind(), parentId: this.defaultParentId() });
    }
    this.form.controls.kind.valueChanges
      .pipe(startWith(this.form.controls.kind.value), takeUntilDestroyed(this.destroyRef))
      .subscribe((kind) => this.applyKindRules(kind));
    this.api
      .hospitals()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => this.hospitals.set(list),
        // The toast already explains; the selects just stay empty.
        error: () => this.hospitals.set([]),
      });
  }

  /** Only the current kind's fields are validated. */
  private applyKindRules(kind: CreatableKind): void {
    const { specialty, parentId } = this.form.controls;
    specialty.setValidators(
      kind === 'qc_center' ? [Validators.required, Validators.maxLength(50)] : Validators.maxLength(50),
    );
    parentId.setValidators(kind === 'department' && !this.isEdit() ? Validators.required : null);
    specialty.updateValueAndValidity();
    parentId.updateValueAndValidity();
  }

  protected submit(): void {
    this.formError.set(null);
    if (!validateForm(this.form)) return;
    const v = this.form.getRawValue();
    if (v.termStart && v.termEnd && v.termEnd < v.termStart) {
      this.form.controls.termEnd.setErrors({ message: '任期结束日期不能早于开始日期' });
      this.form.controls.termEnd.markAsDirty();
      return;
    }
    const org = this.org();
    const patch = org ? this.changedFields(org) : null;
    if (org && patch && Object.keys(patch).length === 0) {
      this.closed.emit();
      return;
    }
    const request: Observable<Org> =
      org && patch ? this.api.update(org.id, patch) : this.api.create(this.createPayload());
    this.saving.set(true);
    request.subscribe({
      next: (result) => {
        this.saving.set(false);
        this.saved.emit(result);
      },
      error: (error: unknown) => {
        this.formError.set(formFailure(this.form, error));
        this.saving.set(false);
      },
    });
  }

  /** The values the form holds for the given kind, in API form. */
  private values(kind: CreatableKind): OrgPayload {
    const v = this.form.getRawValue();
    const common: OrgPayload = {
      name: v.name.trim(),
      shortName: blankToNull(v.shortName.trim()),
    };
    if (kind === 'hospital') {
      return {
        ...common,
        tier: v.tier,
        type: v.type,
        ownership: v.ownership,
        district: v.district,
        address: blankToNull(v.address.trim()),
      };
    }
    if (kind === 'qc_center') {
      return {
        ...common,
        specialty: blankToNull(v.specialty.trim()),
        category: v.category,
        level: v.level,
        hostHospitalId: v.hostHospitalId,
        directorName: blankToNull(v.directorName.trim()),
        termStart: toDateOnly(v.termStart),
        termEnd: toDateOnly(v.termEnd),
      };
    }
    return common;
  }

  private createPayload(): OrgPayload {
    const v = this.form.getRawValue();
    const parentId = v.kind === 'department' ? v.parentId : this.commissionId();
    const payload: OrgPayload = { kind: v.kind, code: v.code.trim(), ...this.values(v.kind) };
    if (parentId !== null) payload.parentId = parentId;
    if (v.kind === 'hospital' && v.phone.trim()) payload.phone = v.phone.trim();
    // Leave out empty optional fields rather than sending nulls on create.
    return Object.fromEntries(
      Object.entries(payload).filter(([, value]) => value !== null && value !== undefined),
    ) as OrgPayload;
  }

  private changedFields(org: OrgDetail): OrgPayload {
    // A commission or department only has the common fields.
    const kind = org.kind === 'commission' ? 'department' : org.kind;
    const next: Record<string, unknown> = {
      ...this.values(kind),
      status: this.form.getRawValue().status,
    };
    const before = org as unknown as Record<string, unknown>;
    const patch: Record<string, unknown> = {};
    for (const field of EDITABLE_FIELDS) {
      if (field in next && (next[field] ?? null) !== (before[field] ?? null)) {
        patch[field] = next[field];
      }
    }
    const phone = this.form.getRawValue().phone.trim();
    if (org.kind === 'hospital' && phone) patch['phone'] = phone;
    return patch as OrgPayload;
  }
}
