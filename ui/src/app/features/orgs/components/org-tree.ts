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
import { OrgKind } from '../../../core/api/models';
import { ORG_KIND_COLORS, ORG_KIND_LABELS } from '../../../shared/labels';
import { OrgTreeNode, ancestorKeys, defaultExpandedKeys } from '../data-access/org-tree';

/** Splits `text` around the first case-insensitive match of `query`, for highlighting. */
export function splitMatch(text: string, query: string): [string, string, string] {
  const i = query ? text.toLowerCase().indexOf(query.toLowerCase()) : -1;
  if (i < 0) return [text, '', ''];
  return [text.slice(0, i), text.slice(i, i + query.length), text.slice(i + query.length)];
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
        @if (kindOf(origin); as kind) {
          <nz-tag class="kind-tag" [nzColor]="kindColors[kind]">{{ kindLabels[kind] }}</nz-tag>
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
  /** What the user opened or closed by hand, replayed after nz-tree resets on search or reload. */
  private readonly userExpanded = new Set<string>();
  private readonly userCollapsed = new Set<string>();
  /** Bound to nz-tree only to force nodes open; the user's clicks live in the tree itself. */
  protected readonly expandedKeys = linkedSignal(() => this.keysToOpen(this.nodes()));
  protected readonly selectedKeys = computed(() => {
    // New data resets nz-tree's selection, so hand the keys over again when the nodes change.
    this.nodes();
    const id = this.selectedId();
    return id === null ? [] : [String(id)];
  });
  constructor() {
    // When the selection comes from elsewhere (a link in the detail), open its ancestors.
    effect(() => {
      const id = this.selectedId();
      if (id === null) return;
      const path = ancestorKeys(this.nodes(), id);
      const open = untracked(this.expandedKeys);
      const isOpen = (k: string) =>
        (open.includes(k) || this.userExpanded.has(k)) && !this.userCollapsed.has(k);
      if (path.every(isOpen)) return;
      if (untracked(this.search)) {
        // Clearing the search collapses the tree; onSearchChange then reopens the path.
        this.search.set('');
      } else {
        this.restoreExpansion();
      }
    });
  }

  protected kindOf(origin: OrgTreeNode): OrgKind | undefined {
    return origin.kind;
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
    const [add, remove] = node.isExpanded
      ? [this.userExpanded, this.userCollapsed]
      : [this.userCollapsed, this.userExpanded];
    add.add(node.key);
    remove.delete(node.key);
  }

  protected onSearchChange(): void {
    // nz-tree collapses everything when the search is cleared; put the tree back as it was.
    if (!this.search()) setTimeout(() => this.restoreExpansion());
  }

  private restoreExpansion(): void {
    this.expandedKeys.set(this.keysToOpen(this.nodes()));
  }

  /** The defaults, plus what the user opened, minus what they closed, plus the selection's path. */
  private keysToOpen(nodes: readonly OrgTreeNode[]): string[] {
    const id = untracked(this.selectedId);
    const path = id === null ? [] : ancestorKeys(nodes, id);
    for (const key of path) this.userCollapsed.delete(key);
    const keys = new Set([...defaultExpandedKeys(nodes), ...this.userExpanded, ...path]);
    for (const key of this.userCollapsed) keys.delete(key);
    return [...keys];
  }
}
