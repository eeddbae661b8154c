import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { Subscription, map, startWith } from 'rxjs';
import { toApiError } from '../../../core/api/api-error';
import { Viewport } from '../../../core/layout/viewport';
import { blobErrorMessage, saveServerFile } from '../../../shared/server-files';
import { validateForm } from '../../../shared/forms';
import { SubmissionHistory } from '../components/submission-history';
import { CasesSummary, caseNumber, parseCases, summarizeCases } from '../data-access/cases';
import {
  ValidationState,
  ValuesForm,
  answeredValues,
  applyValueErrors,
  buildValuesForm,
  fieldHint,
  fieldsOf,
  submitErrorsOf,
  validateAsTyped,
  valuesOf,
} from '../data-access/fill-form';
import { ReportingApi } from '../data-access/reporting-api';
import {
  TASK_STATUS_COLORS,
  TASK_STATUS_LABELS,
  dueWarning,
  isEditable,
  periodText,
} from '../data-access/reporting-labels';
import { ReportField, ReportTask } from '../data-access/reporting-models';

/** What is shown under a 逐例数值 box as it is typed: the count, and the summary once all are numbers. */
interface CasesLine {
  count: number;
  summary: CasesSummary | null;
}

/**
 * 填报: one box per field of the task's form; a 逐例数值 field is a text area taking one number per
 * case (typed, or a column pasted from Excel) with its count, median and range under it. The values are validated on the server as they are
 * typed and each message appears under the field it names; save a draft, submit, read the
 * reviewer's return comment, see earlier versions; download the Excel template.
 */
@Component({
  selector: 'app-fill-page',
  imports: [
    DatePipe,
    ReactiveFormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzFormModule,
    NzIconModule,
    NzInputModule,
    NzResultModule,
    NzSkeletonModule,
    NzTableModule,
    NzTagModule,
    SubmissionHistory,
  ],
  templateUrl: './fill-page.html',
  styleUrl: './fill-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FillPage {
  private readonly api = inject(ReportingApi);
  private readonly message = inject(NzMessageService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly isMobile = inject(Viewport).isMobile;

  /** Route `:id`. */
  readonly id = input.required<string>();

  protected readonly statusLabels = TASK_STATUS_LABELS;
  protected readonly statusColors = TASK_STATUS_COLORS;
  protected readonly periodText = periodText;
  protected readonly fieldHint = fieldHint;
  protected readonly caseNumber = caseNumber;

  protected readonly task = signal<ReportTask | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly fields = signal<ReportField[]>([]);
  protected readonly form = signal<ValuesForm>(buildValuesForm([], null));
  protected readonly validation = signal<ValidationState>({ status: 'idle', values: null, errors: [], error: null });
  /** Messages naming no field (from validation or a refused submit). */
  protected readonly generalErrors = signal<string[]>([]);
  protected readonly submitError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly submitting = signal(false);
  protected readonly downloading = signal(false);
  /** After a submit attempt every message shows, also under fields not touched yet. */
  private showAll = false;
  private validationSub: Subscription | null = null;

  protected readonly editable = computed(() => {
    const t = this.task();
    return !!t && isEditable(t.status);
  });
  protected readonly warning = computed(() => {
    const t = this.task();
    return t ? dueWarning(t) : null;
  });
  /** The reviewer's latest return comment, shown at the top while the task is 已退回. */
  protected readonly returnComment = computed(() => {
    const t = this.task();
    if (!t || t.status !== 'returned') return null;
    const returned = [...(t.history ?? [])]
      .sort((a, b) => b.version - a.version)
      .find((h) => h.status === 'returned' || h.reviewComment);
    return returned ? { comment: returned.reviewComment ?? '', at: returned.reviewedAt, by: returned.reviewedBy } : null;
  });
  protected readonly errorCount = computed(() => this.validation().errors.length);
  protected readonly hasCases = computed(() => this.fields().some((f) => f.type === 'cases'));
  /** The last text summed up per cases field, so a change detection pass does not re-read 5000 cases. */
  private readonly casesLines = new Map<string, { text: string; line: CasesLine }>();

  constructor() {
    effect(() => this.load(Number(this.id())));
    this.destroyRef.onDestroy(() => this.validationSub?.unsubscribe());
  }

  private load(id: number): void {
    this.loadError.set(null);
    this.api.task(id).subscribe({
      next: (task) => this.show(task),
      error: (e: unknown) => this.loadError.set(toApiError(e).message),
    });
  }

  /** Builds the boxes for the task and starts validating as the user types. */
  private show(task: ReportTask): void {
    this.task.set(task);
    const fields = fieldsOf(task);
    this.fields.set(fields);
    const form = buildValuesForm(fields, task.values);
    this.form.set(form);
    this.generalErrors.set([]);
    this.submitError.set(null);
    this.showAll = false;
    this.validation.set({ status: 'idle', values: null, errors: [], error: null });
    this.validationSub?.unsubscribe();
    if (!isEditable(task.status)) {
      form.disable();
      return;
    }
    const values$ = form.valueChanges.pipe(
      // A draft that already has values is checked at once, so its problems show on opening.
      startWith(null),
      map(() => valuesOf(form)),
    );
    this.validationSub = validateAsTyped(values$, (values) => this.api.validate(task.id, values))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((state) => {
        this.validation.set(state);
        // Only an answer about the values now in the boxes may mark them.
        if (state.status === 'checking' || JSON.stringify(state.values) !== JSON.stringify(valuesOf(form))) return;
        // a refused submit's alert goes once the values now in the boxes pass
        if (state.status === 'ok') this.submitError.set(null);
        this.generalErrors.set(applyValueErrors(form, state.errors, this.showAll));
      });
  }

  protected saveDraft(): void {
    const task = this.task();
    const form = this.form();
    const values = valuesOf(form);
    if (!task || !values) {
      validateForm(form);
      this.message.error('请先把标红的内容改为数字');
      return;
    }
    this.saving.set(true);
    this.api.saveDraft(task.id, values).subscribe({
      next: () => {
        this.saving.set(false);
        form.markAsPristine();
        this.task.update((t) =>
          t ? { ...t, status: t.status === 'pending' ? 'draft' : t.status, values: answeredValues(values) } : t,
        );
        this.message.success('草稿已保存');
      },
      error: () => this.saving.set(false),
    });
  }

  protected submit(): void {
    const task = this.task();
    const form = this.form();
    const values = valuesOf(form);
    this.submitError.set(null);
    this.showAll = true;
    if (!task || !values) {
      validateForm(form);
      this.submitError.set('有内容不是数字，请按字段下方的提示修改后再提交');
      return;
    }
    this.submitting.set(true);
    this.api.submit(task.id, values).subscribe({
      next: () => {
        this.submitting.set(false);
        this.message.success('已提交，等待质控中心审核');
        this.load(task.id);
      },
      error: (e: unknown) => {
        this.submitting.set(false);
        const errors = submitErrorsOf(e);
        if (errors) {
          this.generalErrors.set(applyValueErrors(form, errors, true));
          this.validation.set({ status: 'invalid', values, errors, error: null });
          this.submitError.set(`提交未通过校验（${errors.length} 处），请按字段下方的提示修改后再提交`);
        } else {
          this.submitError.set(toApiError(e).message);
        }
      },
    });
  }

  /** The form's Excel template for this period, to fill offline and import in 我的填报. */
  protected downloadTemplate(): void {
    const task = this.task();
    if (!task) return;
    this.downloading.set(true);
    this.api.template(task.form.id, task.periodLabel).subscribe({
      next: (response) => {
        this.downloading.set(false);
        saveServerFile(response, `${task.form.name}-${task.periodLabel}.xlsx`);
      },
      error: async (e: unknown) => {
        this.downloading.set(false);
        this.message.error(await blobErrorMessage(e));
      },
    });
  }

  /** Count and summary of what a 逐例数值 box holds now. */
  protected casesLine(code: string): CasesLine {
    const text = this.form().controls[code]?.value ?? '';
    const cached = this.casesLines.get(code);
    if (cached && cached.text === text) return cached.line;
    const parsed = parseCases(text);
    const line = { count: parsed.tokens.length, summary: parsed.numbers ? summarizeCases(parsed.numbers) : null };
    this.casesLines.set(code, { text, line });
    return line;
  }

  /** The message under a field: the box's own or the server's. */
  protected errorOf(code: string): string {
    const errors = this.form().controls[code]?.errors;
    if (!errors) return '';
    return (errors['server'] as string | undefined) ?? (errors['message'] as string | undefined) ?? '填写有误';
  }
}
