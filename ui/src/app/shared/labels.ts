import { OrgKind, UserStatus } from '../core/api/models';

/** Chinese names of organization kinds. */
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  commission: '卫健委',
  qc_center: '质控中心',
  hospital: '医疗机构',
  department: '科室',
};

/** Tag colours per kind, so the tree and tables read the same. */
export const ORG_KIND_COLORS: Record<OrgKind, string> = {
  commission: 'red',
  qc_center: 'purple',
  hospital: 'blue',
  department: 'cyan',
};

export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  active: '启用',
  disabled: '停用',
};

export const ORG_STATUS_LABELS: Record<'active' | 'inactive', string> = {
  active: '正常',
  inactive: '停用',
};

export const QC_CENTER_LEVELS = ['国家级', '省级', '市级', '县级'] as const;
export const QC_CENTER_CATEGORIES = ['临床', '医技', '管理'] as const;
export const HOSPITAL_TIERS = [
  '三级甲等',
  '三级乙等',
  '三级',
  '二级甲等',
  '二级乙等',
  '二级',
  '一级甲等',
  '一级',
  '未定级',
];
export const HOSPITAL_TYPES = [
  '综合医院',
  '中医医院',
  '中西医结合医院',
  '民族医医院',
  '专科医院',
  '妇幼保健院',
  '社区卫生服务中心',
  '乡镇卫生院',
];
export const HOSPITAL_OWNERSHIPS = ['公立', '民营', '其他'];
/** 柳州市辖区县. */
export const LIUZHOU_DISTRICTS = [
  '城中区',
  '鱼峰区',
  '柳南区',
  '柳北区',
  '柳江区',
  '柳城县',
  '鹿寨县',
  '融安县',
  '融水苗族自治县',
  '三江侗族自治县',
];
