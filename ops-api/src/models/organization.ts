import { BaseModel } from './base.js';

export type OrgKind = 'commission' | 'qc_center' | 'hospital' | 'department';
export const ORG_KINDS: OrgKind[] = ['commission', 'qc_center', 'hospital', 'department'];
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  commission: '卫生健康委员会',
  qc_center: '质控中心',
  hospital: '医疗机构',
  department: '科室',
};

/** 市卫健委, 质控中心, 医疗机构 and 科室 in one table; kind-specific columns are null elsewhere. */
export class Organization extends BaseModel {
  static override tableName = 'organizations';

  id!: number;
  code!: string;
  name!: string;
  shortName!: string | null;
  kind!: OrgKind;
  parentId!: number | null;
  status!: 'active' | 'inactive';
  level!: string | null;
  category!: string | null;
  specialty!: string | null;
  hostHospitalId!: number | null;
  directorName!: string | null;
  termStart!: Date | string | null;
  termEnd!: Date | string | null;
  tier!: string | null;
  type!: string | null;
  ownership!: string | null;
  district!: string | null;
  address!: string | null;
  phone!: string | null;
  sourceConfidence!: string | null;
  sourceNote!: string | null;
  createdAt!: Date;
  updatedAt!: Date;

  // joined for presentation
  parentName?: string | null;
  hostHospitalName?: string | null;
}
