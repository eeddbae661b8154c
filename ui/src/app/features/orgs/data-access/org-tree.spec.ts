import { OrgKind, OrgNode } from '../../../core/api/models';
import { ancestorKeys, defaultExpandedKeys, findByKind, toTreeNodes } from './org-tree';

let nextId = 1;
function buildOrg(kind: OrgKind, name: string, children: OrgNode[] = []): OrgNode {
  const id = nextId++;
  return { id, code: `C${id}`, name, kind, children };
}

describe('toTreeNodes', () => {
  const dept = buildOrg('department', '心血管内科');
  const hospital = buildOrg('hospital', '柳州市工人医院', [dept]);
  const center = buildOrg('qc_center', '柳州市护理质量控制中心');
  const root = buildOrg('commission', '柳州市卫生健康委员会', [hospital, center]);
  const tree = toTreeNodes([root]);

  it('puts a commission’s children into one folder per kind, centers first', () => {
    const folders = tree[0].children!;
    expect(folders.map((f) => f.title)).toEqual(['质控中心（1）', '医疗机构（1）']);
    expect(folders.every((f) => f.group && f.selectable === false)).toBe(true);
    expect(folders[1].children![0]).toMatchObject({ title: '柳州市工人医院', orgId: hospital.id, kind: 'hospital' });
  });

  it('keeps departments directly under their hospital, as leaves', () => {
    const hospitalNode = tree[0].children![1].children![0];
    expect(hospitalNode.children!.map((c) => [c.title, c.isLeaf])).toEqual([['心血管内科', true]]);
  });

  it('opens the roots and their folders by default, not the hospitals', () => {
    expect(defaultExpandedKeys(tree)).toEqual([
      String(root.id),
      `group:${root.id}:qc_center`,
      `group:${root.id}:hospital`,
    ]);
  });

  it('finds the path of keys to open for a deep node', () => {
    expect(ancestorKeys(tree, dept.id)).toEqual([
      String(root.id),
      `group:${root.id}:hospital`,
      String(hospital.id),
    ]);
    expect(ancestorKeys(tree, 99999)).toEqual([]);
  });

  it('finds organizations by kind anywhere in the API tree', () => {
    expect(findByKind([root], 'commission').map((o) => o.id)).toEqual([root.id]);
    expect(findByKind([root], 'department').map((o) => o.name)).toEqual(['心血管内科']);
  });
});
