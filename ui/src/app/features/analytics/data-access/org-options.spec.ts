import { Org } from '../../../core/api/models';
import { buildMe } from '../../../testing/factories';
import { buildOrgOptions, defaultOrg } from './org-options';

const org = (code: string, name: string, kind: Org['kind']) => ({ code, name, kind }) as Org;

describe('org options of the analytics pages', () => {
  it('gives a hospital liaison only their hospital, whatever the lists hold', () => {
    const me = buildMe({ org: { id: 10, code: 'LZ-H01', name: '柳州市工人医院', kind: 'hospital' } });
    const options = buildOrgOptions(me, [org('QC-A', '麻醉质控中心', 'qc_center')], [org('LZ-H02', '柳州市人民医院', 'hospital')]);
    expect(options).toEqual([{ code: 'LZ-H01', name: '柳州市工人医院', kind: 'hospital' }]);
    expect(defaultOrg(me, options)).toBe('LZ-H01');
  });

  it('gives the commission the whole city first, then centers and hospitals', () => {
    const me = buildMe({ org: { id: 1, code: 'LZ-WJW', name: '柳州市卫生健康委员会', kind: 'commission' } });
    const options = buildOrgOptions(me, [org('QC-A', '麻醉质控中心', 'qc_center')], [org('LZ-H01', '柳州市工人医院', 'hospital')]);
    expect(options.map((o) => [o.code, o.kind])).toEqual([
      ['LZ-WJW', 'city'],
      ['QC-A', 'qc_center'],
      ['LZ-H01', 'hospital'],
    ]);
    expect(defaultOrg(me, options)).toBe('LZ-WJW');
  });

  it('gives a center user no city option, and starts on their center before the lists arrive', () => {
    const me = buildMe({ org: { id: 3, code: 'QC-A', name: '麻醉质控中心', kind: 'qc_center' } });
    expect(buildOrgOptions(me, [], [])).toEqual([]);
    expect(defaultOrg(me, [])).toBe('QC-A');
  });
});
