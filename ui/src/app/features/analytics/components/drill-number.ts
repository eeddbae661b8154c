import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { AuthService } from '../../../core/auth/auth.service';
import { DrillLinks } from '../data-access/analytics-models';
import { DrillPart, DrillTarget } from './drill-target';

/**
 * A number that opens the records behind it. Plain text when there is nothing to open (no link, or
 * the user lacks analytics:drill) so nobody clicks into a refusal.
 */
@Component({
  selector: 'app-drill-number',
  template: `
    @if (target(); as t) {
      <button
        type="button"
        class="drill-link"
        [attr.data-testid]="testId() || null"
        [attr.aria-label]="'查看' + t.title + '的明细'"
        (click)="drill.emit(t)"
      >
        {{ text() }}
      </button>
    } @else {
      <span>{{ text() }}</span>
    }
  `,
  styles: `
    .drill-link {
      padding: 0;
      border: 0;
      background: none;
      color: #1677ff;
      cursor: pointer;
      font: inherit;
      text-decoration: underline dotted;
      text-underline-offset: 3px;
    }
    .drill-link:hover,
    .drill-link:focus-visible {
      color: #4096ff;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DrillNumber {
  private readonly auth = inject(AuthService);

  readonly text = input.required<string>();
  readonly links = input<DrillLinks | null | undefined>(null);
  readonly part = input<DrillPart>('numerator');
  /** Names the cell in the drawer's title, e.g. `住院患者住院死亡率 · 柳州市工人医院 · 2026-03`. */
  readonly title = input('');
  readonly testId = input('');
  readonly drill = output<DrillTarget>();

  protected readonly target = computed<DrillTarget | null>(() => {
    const links = this.links();
    if (!links || !links[this.part()] || !this.auth.can('analytics:drill')) return null;
    return { title: this.title(), links, part: this.part() };
  });
}
