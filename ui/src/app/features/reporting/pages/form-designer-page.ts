import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzCheckboxModule } from 'ng-zorro-antd/checkbox';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzInputNumberModule } from 'ng-zorro-antd/input-number';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { Subject, debounceTime, distinctUntilChanged, map, startWith, switchMap } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { Org, Page } from '../../../core/api/models';
import { silentErrors } from '../../../core/http/http-context';
import { Viewport } from '../../../core/layout/viewport';
import { FieldErrorPipe } from '../../../shared/field-error.pipe';
import { validateForm } from '../../../shared/forms';
import { FormulaIssues } from '../../indicators/components/formula-issues';
import { IndicatorsApi } from '../../indicators/data-access/indicators-api';
import { FormulaIssue, IndicatorSummary } from '../../indicators/data-access/indicator-models';
import {
  DesignerFailure,
  buildDesignerForm,
  designerFailure,
  designerPayload,
  designerProblems,
  fieldCodes,
  fieldRow,
  fillDesigner,
  ruleRow,
} from '../data-access/form-designer';
import { ReportingApi } from '../data-access/reporting-api';
import { FIELD_TYPE_HELP, FIELD_TYPE_LABELS, FORM_STATUS_LABELS, GRAIN_LABELS } from '../data-access/reporting-labels';
import { FieldType, PeriodGrain, ReportForm } from '../data-access/reporting-models';

/** The variables a bound field may write; an indicator's own variables are added when it is picked. */
const DEFAULT_VARIABLES = ['numerator', 'denominator'];
const VARIABLE_LABELS: Record<string, string> = { numerator: '分子', denominator: '分母', durations: '时长列表' };
/** Offered in this order: the usual count first, the list of cases last. */
const FIELD_TYPES: FieldType[] = ['integer', 'number', 'cases'];

/**
 * 表单设计: a report form's fields (code, label, unit, type, required, limits, bound indicator and
 * variable), rules (checked on save; each issue shown under its rule with its position), hospitals,
 * period grain and deadlines. Only drafts can be changed; publishing happens in the list.
 */
@Component({
  selector: 'app-form-designer-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzCheckboxModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzInputNumberModule,
    NzSelectModule,
    NzSkeletonModule,
    FieldErrorPipe,
    FormulaIssues,
  ],
  templateUrl: './form-designer-page.html',
  styleUrl: './form-designer-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormDesignerPage {
  private readonly api = inject(ReportingApi);
  private readonly indicators = inject(IndicatorsApi);
  private readonly http = inject(HttpClient);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly router = inject(Router);
  private readonly message = inject(NzMessageService);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** Route `:id`; absent for a new form. */
  readonly id = input<string>();

  protected readonly grains = Object.entries(GRAIN_LABELS) as [PeriodGrain, string][];
  protected readonly statusLabels = FORM_STATUS_LABELS;
  protected readonly variableLabels = VARIABLE_LABELS;
  protected readonly fieldTypes = FIELD_TYPES.map((t) => [t, FIELD_TYPE_LABELS[t]] as const);
  protected readonly typeHelp = FIELD_TYPE_HELP;
  protected readonly form = buildDesignerForm(this.fb);
  protected readonly saved = signal<ReportForm | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly failure = signal<DesignerFailure | null>(null);
  /** The rule texts the failure is about, so highlights go once a rule is edited. */
  protected readonly failedRules = signal<string[]>([]);
  protected readonly problems = signal<Map<number, string>>(new Map());
  protected readonly hospitals = signal<{ id: number; code: string; name: string }[]>([]);
  protected readonly readonly = computed(() => {
    const s = this.saved();
    return !!s && s.status !== 'draft';
  });

  /** Indicators offered for binding: reported ones, searched as typed. */
  private readonly indicatorSearch = new Subject<string>();
  protected readonly indicatorOptions = toSignal(
    this.indicatorSearch.pipe(
      startWith(''),
      debounceTime(250),
      distinctUntilChanged(),
      switchMap((q) => this.indicators.list({ q: q || null, binding: 'reported', pageSize: 50 })),
      map((list) => list.items),
    ),
    { initialValue: [] as IndicatorSummary[] },
  );
  /** Variables per indicator code, learnt when an indicator is picked. */
  protected readonly variablesOf = signal<Record<string, string[]>>({});
  protected readonly codes = toSignal(this.form.controls.fields.valueChanges.pipe(map(() => fieldCodes(this.form))), {
    initialValue: [] as string[],
  });
  /** Codes of the 逐例数值 fields, which rules may use only inside an aggregate. */
  protected readonly caseCodes = toSignal(
    this.form.controls.fields.valueChanges.pipe(map(() => fieldCodes(this.form, 'cases'))),
    { initialValue: [] as string[] },
  );

  constructor() {
    this.loadHospitals();
    // A newly bound indicator offers its own variables.
    this.form.controls.fields.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe((rows) => rows.forEach((r) => this.learnVariables(r.indicatorCode ?? null)));
    effect(() => {
      const id = Number(this.id());
      if (Number.isInteger(id) && id > 0) this.load(id);
      else if (this.form.controls.fields.length === 0) this.addField();
    });
  }

  private load(id: number): void {
    this.api.form(id).subscribe({
      next: (form) => {
        this.saved.set(form);
        fillDesigner(this.fb, this.form, form);
        for (const f of form.fields) if (f.indicatorCode) this.learnVariables(f.indicatorCode);
        if (form.status !== 'draft') this.form.disable();
        else this.form.controls.code.disable();
      },
      error: (e: unknown) => this.loadError.set(toApiError(e).message),
    });
  }

  private loadHospitals(): void {
    const params = new HttpParams({ fromObject: { kind: 'hospital', pageSize: 200 } });
    this.http.get<Page<Org>>('/api/orgs', { params, context: silentErrors() }).subscribe({
      next: (page) => this.hospitals.set(page.items.map(({ id, code, name }) => ({ id, code, name }))),
      error: () => this.hospitals.set([]),
    });
  }

  protected searchIndicators(q: string): void {
    this.indicatorSearch.next(q.trim());
  }

  /** Picking an indicator offers its formula's variables for the field. */
  protected learnVariables(code: string | null): void {
    if (!code || this.variablesOf()[code]) return;
    this.indicators.get(code).subscribe({
      next: (d) => this.variablesOf.update((m) => ({ ...m, [code]: Object.keys(d.variables ?? {}) })),
      error: () => undefined,
    });
  }

  protected variableChoices(code: string | null): string[] {
    const known = code ? this.variablesOf()[code] : undefined;
    return known?.length ? known : DEFAULT_VARIABLES;
  }

  protected addField(): void {
    this.form.controls.fields.push(fieldRow(this.fb));
  }

  protected removeField(i: number): void {
    this.form.controls.fields.removeAt(i);
  }

  protected moveField(i: number, step: -1 | 1): void {
    const rows = this.form.controls.fields;
    const j = i + step;
    if (j < 0 || j >= rows.length) return;
    const row = rows.at(i);
    rows.removeAt(i);
    rows.insert(j, row);
  }

  protected addRule(): void {
    this.form.controls.rules.push(ruleRow(this.fb));
  }

  protected removeRule(i: number): void {
    this.form.controls.rules.removeAt(i);
  }

  /** The issues of a rule from the last save, while its text is unchanged. */
  protected ruleIssues(i: number): { source: string; issues: FormulaIssue[]; messages: string[] } | null {
    const failure = this.failure()?.rules.get(i);
    const source = (this.form.controls.rules.at(i)?.controls.expression.value ?? '').trim();
    if (!failure || this.failedRules()[i] !== source) return null;
    return { source, issues: failure.issues, messages: failure.messages };
  }

  protected save(): void {
    this.failure.set(null);
    const problems = designerProblems(this.form);
    this.problems.set(problems);
    let valid = validateForm(this.form);
    for (const row of [...this.form.controls.fields.controls, ...this.form.controls.rules.controls]) {
      valid = validateForm(row) && valid;
    }
    if (!valid || problems.size) return;
    if (this.form.controls.fields.length === 0) {
      this.failure.set({ rules: new Map(), fields: new Map(), controls: new Map(), general: ['请至少添加一个字段'] });
      return;
    }
    const payload = designerPayload(this.form);
    const saved = this.saved();
    this.saving.set(true);
    (saved ? this.api.updateForm(saved.id, payload) : this.api.createForm(payload)).subscribe({
      next: (form) => {
        this.saving.set(false);
        this.message.success(saved ? '表单已保存' : '表单已创建，可在列表中发布');
        if (!saved) void this.router.navigate(['/reporting/forms', form.id], { replaceUrl: true });
        else this.saved.set(form);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        const failure = designerFailure(e);
        for (const [name, message] of failure.controls) {
          const control = this.form.get(name);
          if (control) {
            control.markAsDirty();
            control.setErrors({ server: message });
          } else {
            failure.general.push(message);
          }
        }
        this.failedRules.set(payload.rules.map((r) => r.expression));
        this.failure.set(failure);
      },
    });
  }
}
