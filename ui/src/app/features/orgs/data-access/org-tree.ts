import type { NzTreeNodeOptions } from 'ng-zorro-antd/core/tree';
import { OrgKind, OrgNode } from '../../../core/api/models';
import { ORG_KIND_LABELS } from '../../../shared/labels';

/** Extra fields our tree nodes carry for the node template. */
export interface OrgTreeNode extends NzTreeNodeOptions {
  kind?: OrgKind;
  orgId?: number;
  /** Set on the 质控中心 / 医疗机构 folders, which are not organizations. */
  group?: boolean;
  children?: OrgTreeNode[];
}

/** The order of the folders under a commission. */
const GROUP_ORDER: OrgKind[] = ['qc_center', 'hospital', 'department', 'commission'];

/**
 * Turns the API tree into nz-tree nodes. A commission's children are put in one folder per kind
 * (质控中心, 医疗机构), which keeps long lists of hospitals apart from the centers.
 */
export function toTreeNodes(nodes: readonly OrgNode[]): OrgTreeNode[] {
  return nodes.map((node) => toTreeNode(node));
}

function toTreeNode(node: OrgNode): OrgTreeNode {
  const children = node.children ?? [];
  const kids =
    node.kind === 'commission' ? groupByKind(node, children) : children.map((c) => toTreeNode(c));
  return {
    key: String(node.id),
    title: node.name,
    orgId: node.id,
    kind: node.kind,
    isLeaf: kids.length === 0,
    children: kids,
  };
}

function groupByKind(parent: OrgNode, children: readonly OrgNode[]): OrgTreeNode[] {
  const byKind = new Map<OrgKind, OrgNode[]>();
  for (const child of children) {
    byKind.set(child.kind, [...(byKind.get(child.kind) ?? []), child]);
  }
  return GROUP_ORDER.filter((kind) => byKind.has(kind)).map((kind) => {
    const members = byKind.get(kind)!;
    return {
      key: `group:${parent.id}:${kind}`,
      title: `${ORG_KIND_LABELS[kind]}（${members.length}）`,
      group: true,
      selectable: false,
      isLeaf: false,
      children: members.map((m) => toTreeNode(m)),
    };
  });
}

/**
 * Keys open when the tree first shows: the roots and the kind folders, so centers and hospitals
 * are visible at once. Computed from the structure because nz-tree writes `expanded` back into
 * the node options as the user clicks.
 */
export function defaultExpandedKeys(nodes: readonly OrgTreeNode[]): string[] {
  return nodes.flatMap((root) => [
    String(root.key),
    ...(root.children ?? []).filter((c) => c.group).map((c) => String(c.key)),
  ]);
}

/** Every organization in the tree with the given kind, depth first. */
export function findByKind(nodes: readonly OrgNode[], kind: OrgKind): OrgNode[] {
  const found: OrgNode[] = [];
  const walk = (list: readonly OrgNode[]) => {
    for (const n of list) {
      if (n.kind === kind) found.push(n);
      walk(n.children ?? []);
    }
  };
  walk(nodes);
  return found;
}

/** Keys of the nodes on the path to `id` (excluding it), so the tree can open them. */
export function ancestorKeys(nodes: readonly OrgTreeNode[], id: number): string[] {
  const path: string[] = [];
  const walk = (list: readonly OrgTreeNode[]): boolean => {
    for (const n of list) {
      if (n.orgId === id) return true;
      path.push(String(n.key));
      if (walk(n.children ?? [])) return true;
      path.pop();
    }
    return false;
  };
  return walk(nodes) ? path : [];
}
