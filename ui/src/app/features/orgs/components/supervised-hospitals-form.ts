import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  OnInit,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { Org, OrgDetail } from '../../../core/api/models';
import { OrgsApi } from '../data-access/orgs-api';

/** Picks the hospitals a 质控中心 supervises (PUT /api/orgs/{id}/supervised-hospitals). */
@Component({
  selector: 'app-supervised-hospitals-form',
  imports: [FormsModule, NzModalModule, NzSelectModule],
  template: `
    <nz-modal
      [nzVisible]="true"
      [nzTitle]="'调整监管的医疗机构：' + center().name"
      [nzOkLoading]="saving()"
      [nzMaskClosable]="false"
      nzWidth="640px"
      (nzOnOk)="submit()"
      (nzOnCancel)="closed.emit()"
    >
      <ng-container *nzModalContent>
        <p class="muted">质控中心可查看所监管医疗机构及其科室的数据。</p>
        <nz-select
          class="full"
          nzMode="multiple"
          nzShowSearch
          nzPlaceHolder="选择医疗机构，可输入名称搜索"
          [nzLoading]="loading()"
          [ngModel]="selected()"
          (ngModelChange)="selected.set($event)"
          aria-label="监管的医疗机构"
        >
          @for (h of hospitals(); track h.id) {
            <nz-option [nzValue]="h.id" [nzLabel]="h.name" />
          }
        </nz-select>
      </ng-container>
    </nz-modal>
  `,
  styles: `
    .full {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SupervisedHospitalsForm implements OnInit {
  private readonly api = inject(OrgsApi);
  private readonly destroyRef = inject(DestroyRef);

  readonly center = input.required<OrgDetail>();
  readonly saved = output<OrgDetail>();
  readonly closed = output<void>();

  protected readonly hospitals = signal<Org[]>([]);
  protected readonly selected = signal<number[]>([]);
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);

  ngOnInit(): void {
    this.selected.set(this.center().supervisedHospitals.map((h) => h.id));
    this.api
      .hospitals()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => {
          this.hospitals.set(list);
          this.loading.set(false);
        },
        error: () => this.loading.set(false),
      });
  }

  protected submit(): void {
    this.saving.set(true);
    this.api.setSupervisedHospitals(this.center().id, this.selected()).subscribe({
      next: (detail) => {
        this.saving.set(false);
        this.saved.emit(detail);
      },
      error: () => this.saving.set(false),
    });
  }
}
