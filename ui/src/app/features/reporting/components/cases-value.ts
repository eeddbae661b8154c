import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzPopoverModule } from 'ng-zorro-antd/popover';
import { caseNumber, casesDigest } from '../data-access/cases';

/**
 * A 逐例数值 value in one line — `12 例（中位数 4.5 小时，最小 1，最大 30）` — with 查看 opening the
 * cases themselves, numbered as they were reported.
 */
@Component({
  selector: 'app-cases-value',
  imports: [NzButtonModule, NzPopoverModule],
  template: `
    <span class="digest" data-testid="cases-digest">{{ digest() }}</span>
    @if (values().length) {
      <button
        nz-button
        nzType="link"
        nzSize="small"
        type="button"
        class="open"
        data-testid="cases-open"
        nz-popover
        nzPopoverTrigger="click"
        nzPopoverPlacement="bottomRight"
        [nzPopoverTitle]="label() ? label() + '（' + values().length + ' 例）' : values().length + ' 例'"
        [nzPopoverContent]="list"
        [attr.aria-label]="'查看' + (label() || '') + '逐例数值'"
      >
        查看
      </button>
      <ng-template #list>
        <ol class="cases-list" data-testid="cases-list">
          @for (v of values(); track $index) {
            <li>{{ number(v) }}</li>
          }
        </ol>
      </ng-template>
    }
  `,
  styles: `
    :host {
      /* a summary is longer than a number: let it wrap in a narrow table cell (360 px phones) */
      white-space: normal;
    }
    .digest {
      font-variant-numeric: tabular-nums;
    }
    .open {
      padding: 0 4px;
      height: auto;
    }
    .cases-list {
      max-height: 240px;
      width: min(240px, 70vw);
      overflow: auto;
      margin: 0;
      padding-left: 3.2em;
      font-variant-numeric: tabular-nums;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CasesValue {
  readonly values = input<number[]>([]);
  readonly unit = input<string | null>(null);
  /** The field's name, for the list's title. */
  readonly label = input<string | null>(null);

  protected readonly digest = computed(() => casesDigest(this.values(), this.unit()));
  protected readonly number = caseNumber;
}
