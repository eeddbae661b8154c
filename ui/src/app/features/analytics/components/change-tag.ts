import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { TONE_COLORS, changeTone, formatChange } from '../data-access/analytics-labels';
import { Direction } from '../data-access/analytics-models';

/**
 * A relative change with an arrow, green when it is good news for the indicator's direction and
 * red when it is not (a falling mortality is green); grey for target-range indicators.
 */
@Component({
  selector: 'app-change-tag',
  imports: [NzIconModule],
  template: `
    <span class="change" [style.color]="color()" [attr.data-tone]="tone()">
      @if (arrow(); as a) {
        <nz-icon [nzType]="a" />
      }
      {{ prefix() }}{{ text() }}
    </span>
  `,
  styles: `
    .change {
      white-space: nowrap;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangeTag {
  readonly change = input<number | null | undefined>(null);
  readonly direction = input<Direction | null | undefined>(null);
  /** e.g. `同比 ` before the number. */
  readonly prefix = input('');

  protected readonly tone = computed(() => changeTone(this.change(), this.direction()));
  protected readonly color = computed(() => TONE_COLORS[this.tone()]);
  protected readonly text = computed(() => formatChange(this.change()));
  protected readonly arrow = computed(() => {
    const c = this.change();
    if (c === null || c === undefined || !Number.isFinite(c) || c === 0) return null;
    return c > 0 ? 'arrow-up' : 'arrow-down';
  });
}
