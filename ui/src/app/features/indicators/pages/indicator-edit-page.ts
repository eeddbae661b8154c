import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzAutocompleteModule } from 'ng-zorro-antd/auto-complete';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { map, merge, startWith } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { Viewport } from '../../../core/layout/viewport';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { formFailure, validateForm } from '../../../shared/forms';
import { FormulaIssues } from '../components/formula-issues';
import { FormulaCheckState, FormulaInput, checkAsTyped } from '../data-access/formula-check';
import { formulaVariables } from '../data-access/formula-highlight';
import { COMMON_UNITS, DIRECTION_LABELS, KIND_LABELS } from '../data-access/indicator-labels';
import { FormulaIssue, IndicatorDetail, IndicatorDirection, IndicatorPayload } from '../data-access/indicator-models';
import { IndicatorsApi } from '../data-access/indicators-api';

type VariableRow = FormGroup<{ name: FormControl<string>; description: FormControl<string> }>;

/** A variable name the formula language accepts as a bare identifier. */
const VARIABLE_NAME = /^[A-Za-z_\u4e00-\u9fa5][\w\u4e00-\u9fa5]*$/;

/**
 * 新建自定义指标 (`/indicators/new`) or 新版本 of an indicator (`/indicators/:code/new-version`,
 * prefilled from the current version). The formula is checked on the server as it is typed; each
 * issue is listed with its line and column and its span is highlighted.
 */
@Component({
  selector: 'app-indicator-edit-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    NzAlertModule,
    NzAutocompleteModule,
    NzButtonModule,
    NzCardModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzSelectModule,
    NzSkeletonModule,
    FieldErrorPipe,
    FormulaIssues,
  ],
  templateUrl: './indicator-edit-page.html',
  styleUrl: './indicator-edit-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorEditPage {
  private readonly api = inject(IndicatorsApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** Route `:code` when adding a version; absent for a new indicator. */
  readonly code = input<string>();

  protected readonly isNew = computed(() => !this.code());
  protected readonly base = signal<IndicatorDetail | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** Issues the server gave when saving (FORMULA_INVALID), for the formula that was saved. */
  protected readonly saveIssues = signal<{ source: string; issues: FormulaIssue[] } | null>(null);

  protected readonly units = COMMON_UNITS;
  protected readonly directions = Object.entries(DIRECTION_LABELS) as [IndicatorDirection, string][];
  protected readonly kinds = Object.entries(KIND_LABELS);

  protected readonly form = this.fb.group({
    code: ['', [Validators.required, Validators.maxLength(40), Validators.pattern(/^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/)]],
    name: ['', [Validators.required, Validators.maxLength(100)]],
    specialty: ['', [Validators.required, Validators.maxLength(50)]],
    definition: ['', [Validators.required, Validators.maxLength(2000)]],
    numerator: [''],
    denominator: [''],
    unit: ['%', Validators.required],
    direction: this.fb.control<IndicatorDirection>('higher_better'),
    kind: ['rate'],
    formula: ['numerator / denominator * 100', Validators.required],
    variables: this.fb.array<VariableRow>([
      this.variableRow('numerator', ''),
      this.variableRow('denominator', ''),
    ]),
    changeNote: ['', Validators.maxLength(500)],
  });

  /** The formula, declared variables and unit as they are typed. */
  private readonly inputs$ = merge(
    this.form.controls.formula.valueChanges,
    this.form.controls.variables.valueChanges,
    this.form.controls.unit.valueChanges,
  ).pipe(
    startWith(null),
    map((): FormulaInput => ({
      formula: this.form.controls.formula.value,
      variables: this.declaredVariables(),
      unit: this.form.controls.unit.value.trim() || null,
    })),
  );
  protected readonly check = toSignal(
    checkAsTyped(this.inputs$, (i) => this.api.checkFormula(i.formula, i.variables, i.unit, this.code() ?? null)),
    { initialValue: { source: '', status: 'empty', result: null, error: null } as FormulaCheckState },
  );
  private readonly formulaText = toSignal(this.form.controls.formula.valueChanges, {
    initialValue: this.form.controls.formula.value,
  });
  private readonly variablesValue = toSignal(this.form.controls.variables.valueChanges, {
    initialValue: this.form.controls.variables.getRawValue(),
  });
  /** Issues to draw: the live check's while it matches the text, else those of the last save. */
  protected readonly shownIssues = computed<{ source: string; issues: FormulaIssue[] } | null>(() => {
    const text = this.formulaText();
    const check = this.check();
    if (check.source === text && check.result && check.result.issues.length) {
      return { source: text, issues: check.result.issues };
    }
    const saved = this.saveIssues();
    return saved && saved.source === text ? saved : null;
  });
  /** Names used in the formula but not declared, offered as one-click additions. */
  protected readonly undeclared = computed(() => {
    const declared = new Set(this.variablesValue().map((v) => (v.name ?? '').trim()));
    return formulaVariables(this.formulaText()).filter((n) => !declared.has(n));
  });

  constructor() {
    effect(() => {
      const code = this.code();
      if (code) this.loadBase(code);
    });
    // A server message on the formula is about the text that was sent; typing clears it.
    this.form.controls.formula.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.formError.set(null));
  }

  /** The formula box shows the checker's verdict; its own required error otherwise. */
  protected formulaStatus(): 'error' | 'validating' | 'success' | AbstractControl {
    if (this.shownIssues()) return 'error';
    const status = this.check().status;
    if (status === 'checking') return 'validating';
    if (status === 'ok' && this.check().source === this.formulaText()) return 'success';
    return this.form.controls.formula;
  }

  protected get variableRows(): FormArray<VariableRow> {
    return this.form.controls.variables;
  }

  protected addVariable(name = ''): void {
    this.variableRows.push(this.variableRow(name, ''));
  }

  protected removeVariable(index: number): void {
    this.variableRows.removeAt(index);
  }

  private variableRow(name: string, description: string): VariableRow {
    return this.fb.group({
      name: [name, [Validators.required, Validators.pattern(VARIABLE_NAME)]],
      description: [description, Validators.maxLength(200)],
    });
  }

  private declaredVariables(): string[] {
    return this.form.controls.variables
      .getRawValue()
      .map((v) => v.name.trim())
      .filter((n) => n);
  }

  private loadBase(code: string): void {
    this.api.get(code).subscribe({
      next: (d) => {
        this.base.set(d);
        this.form.controls.code.setValue(d.code);
        this.form.controls.code.disable();
        this.form.patchValue({
          name: d.name,
          specialty: d.specialty,
          definition: d.definition ?? '',
          numerator: d.numerator ?? '',
          denominator: d.denominator ?? '',
          unit: d.unit ?? '',
          direction: d.direction,
          kind: d.kind ?? 'rate',
          formula: d.formula ?? '',
        });
        this.variableRows.clear();
        for (const [name, description] of Object.entries(d.variables ?? {})) {
          this.variableRows.push(this.variableRow(name, description));
        }
      },
      error: (e: unknown) => this.loadError.set(toApiError(e).message),
    });
  }

  protected submit(): void {
    this.formError.set(null);
    if (!validateForm(this.form)) return;
    for (const row of this.variableRows.controls) validateForm(row);
    if (this.variableRows.invalid) return;
    const v = this.form.getRawValue();
    const payload: IndicatorPayload = {
      code: v.code.trim(),
      name: v.name.trim(),
      specialty: v.specialty.trim(),
      definition: v.definition.trim(),
      numerator: v.numerator.trim(),
      denominator: v.denominator.trim(),
      unit: v.unit.trim(),
      direction: v.direction,
      kind: v.kind,
      formula: v.formula,
      variables: Object.fromEntries(v.variables.map((r) => [r.name.trim(), r.description.trim()])),
      changeNote: v.changeNote.trim(),
    };
    const base = this.base();
    const request = base ? this.api.createVersion(base.code, payload) : this.api.create(payload);
    this.saving.set(true);
    request.subscribe({
      next: (saved) => {
        this.saving.set(false);
        this.message.success(base ? `已保存 ${saved.code} 的新版本 v${saved.version}` : `已新建指标 ${saved.code}`);
        void this.router.navigate(['/indicators', saved.code]);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        const apiError = toApiError(e);
        const details = apiError.details as { issues?: FormulaIssue[] } | undefined;
        if (apiError.code === 'FORMULA_INVALID' && Array.isArray(details?.issues)) {
          this.saveIssues.set({ source: payload.formula, issues: details.issues });
          this.formError.set(apiError.message);
          return;
        }
        this.formError.set(formFailure(this.form, e, 'code'));
      },
    });
  }
}
