import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzGridModule } from 'ng-zorro-antd/grid';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzSkeletonModule } from 'ng-zorro-antd/skeleton';
import { NzSpinModule } from 'ng-zorro-antd/spin';
import { NzTabsModule } from 'ng-zorro-antd/tabs';
import { Subscription } from 'rxjs';
import { Org, OrgDetail, OrgNode } from '../../../core/api/models';
import { AuthService } from '../../../core/auth/auth.service';
import { Viewport } from '../../../core/layout/viewport';
import { OrgDetailView } from '../components/org-detail';
import { CreatableKind, OrgForm } from '../components/org-form';
import { OrgList } from '../components/org-list';
import { OrgTree } from '../components/org-tree';
import { SupervisedHospitalsForm } from '../components/supervised-hospitals-form';
import { findByKind, toTreeNodes } from '../data-access/org-tree';
import { OrgsApi } from '../data-access/orgs-api';

type OpenForm =
  | { mode: 'edit'; org: OrgDetail }
  | { mode: 'create'; kind: CreatableKind; parentId: number | null }
  | { mode: 'supervised'; org: OrgDetail };

/** 机构管理: the organization tree with a detail pane, and a flat list. */
@Component({
  selector: 'app-orgs-page',
  imports: [
    NzTabsModule,
    NzGridModule,
    NzCardModule,
    NzButtonModule,
    NzIconModule,
    NzEmptyModule,
    NzSkeletonModule,
    NzSpinModule,
    OrgTree,
    OrgDetailView,
    OrgList,
    OrgForm,
    SupervisedHospitalsForm,
  ],
  templateUrl: './orgs-page.html',
  styleUrl: './orgs-page.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrgsPage {
  private readonly api = inject(OrgsApi);
  private readonly message = inject(NzMessageService);
  private readonly auth = inject(AuthService);
  private readonly isMobile = inject(Viewport).isMobile;
  private readonly detailCard = viewChild('detailCard', { read: ElementRef });

  protected readonly canWrite = computed(() => this.auth.permissions().includes('org:write'));
  protected readonly tree = signal<OrgNode[]>([]);
  protected readonly treeNodes = computed(() => toTreeNodes(this.tree()));
  protected readonly treeLoading = signal(true);
  protected readonly selectedId = signal<number | null>(null);
  protected readonly detail = signal<OrgDetail | null>(null);
  protected readonly detailLoading = signal(false);
  protected readonly tabIndex = signal(0);
  protected readonly form = signal<OpenForm | null>(null);
  protected readonly commissionId = computed(() => findByKind(this.tree(), 'commission')[0]?.id ?? null);
  private detailRequest?: Subscription;

  constructor() {
    this.loadTree(true);
  }

  private loadTree(selectRoot: boolean): void {
    this.treeLoading.set(true);
    this.api.tree().subscribe({
      next: (tree) => {
        this.tree.set(tree);
        this.treeLoading.set(false);
        if (selectRoot && this.selectedId() === null && tree.length) this.select(tree[0].id, false);
      },
      error: () => this.treeLoading.set(false),
    });
  }

  protected select(id: number, reveal = true): void {
    this.selectedId.set(id);
    this.tabIndex.set(0);
    this.detailLoading.set(true);
    this.detailRequest?.unsubscribe();
    this.detailRequest = this.api.get(id).subscribe({
      next: (detail) => {
        this.detail.set(detail);
        this.detailLoading.set(false);
        // On a phone the detail sits below the tree; bring it into view.
        if (reveal && this.isMobile()) {
          (this.detailCard()?.nativeElement as HTMLElement | undefined)?.scrollIntoView({
            behavior: 'smooth',
            block: 'start',
          });
        }
      },
      error: () => {
        this.detail.set(null);
        this.detailLoading.set(false);
      },
    });
  }

  protected openCreate(): void {
    const selected = this.detail();
    if (selected?.kind === 'hospital') {
      this.form.set({ mode: 'create', kind: 'department', parentId: selected.id });
    } else if (selected?.kind === 'department') {
      this.form.set({ mode: 'create', kind: 'department', parentId: selected.parentId });
    } else if (selected?.kind === 'qc_center') {
      this.form.set({ mode: 'create', kind: 'qc_center', parentId: null });
    } else {
      this.form.set({ mode: 'create', kind: 'hospital', parentId: null });
    }
  }

  protected openEdit(): void {
    const org = this.detail();
    if (org) this.form.set({ mode: 'edit', org });
  }

  protected openSupervised(): void {
    const org = this.detail();
    if (org) this.form.set({ mode: 'supervised', org });
  }

  protected onSaved(org: Org): void {
    const created = this.form()?.mode === 'create';
    this.form.set(null);
    this.message.success(created ? `已新增“${org.name}”` : `已保存“${org.name}”`);
    this.loadTree(false);
    this.select(org.id);
  }

  protected onSupervisedSaved(detail: OrgDetail): void {
    this.form.set(null);
    this.message.success('已更新监管的医疗机构');
    this.detail.set(detail);
  }
}
