import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { highlightFormula, issueText } from '../data-access/formula-highlight';
import { FormulaIssue } from '../data-access/indicator-models';

/**
 * The checked formula with each issue's span underlined in red, and the issues listed with their
 * line and column. Used under the indicator formula and under each rule of a report form.
 */
@Component({
  selector: 'app-formula-issues',
  imports: [NzIconModule],
  template: `
    @if (issues().length) {
      <div class="formula-issues" data-testid="formula-issues">
        <pre class="highlight" aria-hidden="true">@for (s of segments(); track $index) {@if (s.marker) {<mark class="marker" [attr.data-issue]="s.issue">&#8203;</mark>} @else if (s.issue !== null) {<mark class="bad" [attr.data-issue]="s.issue" [title]="texts()[s.issue]">{{ s.text }}</mark>} @else {<span>{{ s.text }}</span>}}</pre>
        <ul class="issue-list">
          @for (t of texts(); track $index) {
            <li class="issue" data-testid="formula-issue"><nz-icon nzType="close-circle" nzTheme="fill" />{{ t }}</li>
          }
        </ul>
      </div>
    }
  `,
  styles: `
    .formula-issues {
      margin-top: 6px;
    }
    .highlight {
      margin: 0 0 4px;
      padding: 6px 8px;
      background: #fafafa;
      border: 1px solid #f0f0f0;
      border-radius: 6px;
      font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
      white-space: pre-wrap;
      word-break: break-all;
    }
    .bad {
      background: #fff1f0;
      color: #cf1322;
      text-decoration: underline wavy #ff4d4f;
      padding: 0;
    }
    .marker {
      display: inline-block;
      width: 2px;
      height: 1.1em;
      vertical-align: text-bottom;
      background: #ff4d4f;
      padding: 0;
    }
    .issue-list {
      margin: 0;
      padding: 0;
      list-style: none;
      color: #cf1322;
    }
    .issue nz-icon {
      margin-right: 6px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FormulaIssues {
  /** The text the issues were found in. */
  readonly source = input.required<string>();
  readonly issues = input<readonly FormulaIssue[]>([]);

  protected readonly segments = computed(() => highlightFormula(this.source(), this.issues()));
  protected readonly texts = computed(() => this.issues().map(issueText));
}
