import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  input,
  linkedSignal,
  output,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { NzFormatEmitEvent } from 'ng-zorro-antd/core/tree';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { NzTreeModule } from 'ng-zorro-antd/tree';
import { ORG_KIND_COLORS, ORG_KIND_LABELS } from '../../../shared/labels';
import { OrgTreeNode, ancestorKeys } from '../data/org-tree';

/** Splits `text` around the first case-insensitive match of `query`, for highlighting. */
export function splitMatch(text: string, query: string): [string, string, string] {
  const i = query ? text.toLowerCase().indexOf(query.toLowerCase()) : -1;
  if (i < 0) return [text, '', ''];
  return [text.slice(0, i), text.slice(i, i + query.length), text.slice(i + query.length)];
}

function initiallyExpanded(nodes: readonly OrgTreeNode[]): string[] {
  const keys: string[] = [];
  const walk = (list: readonly OrgTreeNode[]) => {
    for (const n of list) {
      if (n.expanded) keys.push(String(n.key));
      walk(n.children ?? []);
    }
  };
  walk(nodes);
  return keys;
}

/** The searchable organization tree; emits the id of the organization clicked. */
@Component({
  selector: 'app-org-tree',
  imports: [FormsModule, NzTreeModule, NzInputModule, NzIconModule, NzTagModule, NzEmptyModule],
  template: `
    <nz-input-group nzPrefixIcon="search" class="tree-search">
      <input
        nz-input
        type="search"
        name="orgTreeSearch"
        placeholder="搜索机构名称"
        aria-label="搜索机构名称"
        [ngModel]="search()"
        (ngModelChange)="search.set($event.trim())"
      />
    </nz-input-group>
    @if (nodes().length) {
      <nz-tree
        [nzData]="nodes()"
        [nzSearchValue]="search()"
        [nzHideUnMatched]="true"
        [nzExpandedKeys]="expandedKeys()"
        [nzSelectedKeys]="selectedKeys()"
        [nzTreeTemplate]="nodeTpl"
        nzBlockNode
        (nzClick)="onClick($event)"
        (nzExpandChange)="onExpand($event)"
        (nzSearchValueChange)="onSearchChange()"
      />
    } @else {
      <nz-empty nzNotFoundContent="暂无可见的机构" />
    }
    <ng-template #nodeTpl let-node let-origin="origin">
      <span class="node" [class.group]="origin.group">
        @if (origin.kind) {
          <nz-tag class="kind-tag" [nzColor]="kindColors[$any(origin.kind)]">{{
            kindLabels[$any(origin.kind)]
          }}</nz-tag>
        }
        @let parts = split(node.title);
        <span class="node-title"
          >{{ parts[0] }}<mark>{{ parts[1] }}</mark>{{ parts[2] }}</span
        >
      </span>
    </ng-template>
  `,
  styles: `
    :host {
      display: block;
    }
    .tree-search {
      margin-bottom: 12px;
    }
    .node {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      max-width: 100%;
    }
    .node.group {
      color: rgba(0, 0, 0, 0.65);
      font-weight: 600;
    }
    .kind-tag {
      margin-right: 0;
      font-size: 11px;
      line-height: 18px;
      padding: 0 4px;
    }
    .node-title {
      white-space: normal;
      word-break: break-all;
    }
    mark {
      padding: 0;
      background: #ffe58f;
    }
    mark:empty {
      display: none;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrgTree {
  readonly nodes = input.required<OrgTreeNode[]>();
  readonly selectedId = input<number | null>(null);
  readonly selectOrg = output<number>();

  protected readonly kindLabels = ORG_KIND_LABELS;
  protected readonly kindColors = ORG_KIND_COLORS;
  protected readonly search = signal('');
  /** Bound to nz-tree only when we must force nodes open; user toggles live in the tree itself. */
  protected readonly expandedKeys = linkedSignal(() => initiallyExpanded(this.nodes()));
  protected readonly selectedKeys = computed(() => {
    const id = this.selectedId();
    return id === null ? [] : [String(id)];
  });
  private readonly userExpanded = new Set<string>();

  constructor() {
    // When the selection comes from elsewhere (a link in the detail), open its ancestors.
    effect(() => {
      const id = this.selectedId();
      if (id === null) return;
      const path = ancestorKeys(this.nodes(), id);
      const open = untracked(this.expandedKeys);
      if (path.every((k) => open.includes(k) || this.userExpanded.has(k))) return;
      if (untracked(this.search)) {
        // Clearing the search collapses the tree; onSearchChange then reopens the path.
        this.search.set('');
      } else {
        this.restoreExpansion();
      }
    });
  }

  protected split(title: string): [string, string, string] {
    return splitMatch(title, this.search());
  }

  protected onClick(event: NzFormatEmitEvent): void {
    const origin = event.node?.origin as OrgTreeNode | undefined;
    if (origin && !origin.group && origin.orgId !== undefined) this.selectOrg.emit(origin.orgId);
  }

  protected onExpand(event: NzFormatEmitEvent): void {
    const node = event.node;
    if (!node || this.search()) return;
    if (node.isExpanded) this.userExpanded.add(node.key);
    else this.userExpanded.delete(node.key);
  }

  protected onSearchChange(): void {
    // nz-tree collapses everything when the search is cleared; put the tree back as it was.
    if (!this.search()) setTimeout(() => this.restoreExpansion());
  }

  private restoreExpansion(): void {
    const id = this.selectedId();
    const nodes = this.nodes();
    this.expandedKeys.set([
      ...new Set([
        ...initiallyExpanded(nodes),
        ...this.userExpanded,
        ...(id === null ? [] : ancestorKeys(nodes, id)),
      ]),
    ]);
  }
}
