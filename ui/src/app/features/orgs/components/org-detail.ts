import { DatePipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzDescriptionsModule } from 'ng-zorro-antd/descriptions';
import { NzDividerModule } from 'ng-zorro-antd/divider';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { OrgDetail } from '../../../core/api/models';
import { ORG_KIND_COLORS, ORG_KIND_LABELS, ORG_STATUS_LABELS } from '../../../shared/labels';

/** Read-only view of one organization, with the fields that matter for its kind. */
@Component({
  selector: 'app-org-detail',
  imports: [
    DatePipe,
    NgTemplateOutlet,
    NzCardModule,
    NzDescriptionsModule,
    NzTagModule,
    NzButtonModule,
    NzIconModule,
    NzDividerModule,
    NzEmptyModule,
  ],
  templateUrl: './org-detail.html',
  styleUrl: './org-detail.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrgDetailView {
  readonly org = input.required<OrgDetail>();
  readonly canWrite = input(false);
  readonly edit = output<void>();
  readonly editSupervised = output<void>();
  readonly openOrg = output<number>();

  protected readonly kindLabels = ORG_KIND_LABELS;
  protected readonly kindColors = ORG_KIND_COLORS;
  protected readonly statusLabels = ORG_STATUS_LABELS;
  protected readonly columns = { xxl: 2, xl: 2, lg: 1, md: 2, sm: 1, xs: 1 };
}
