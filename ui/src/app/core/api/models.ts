/**
 * Shapes of the ops-api responses, copied from docs/api.md.
 * When ops-api publishes its contracts, replace these with `import type` from there.
 */

export type OrgKind = 'commission' | 'qc_center' | 'hospital' | 'department';

export interface OrgRef {
  id: number;
  code: string;
  name: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  org: OrgRef & { kind: OrgKind };
  roles: { code: string; name: string }[];
  permissions: string[];
}

export interface OrgNode {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  children: OrgNode[];
}

export type QcCenterLevel = '国家级' | '省级' | '市级' | '县级';
export type QcCenterCategory = '临床' | '医技' | '管理';

export interface Org {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  parentId: number | null;
  parentName: string | null;
  status: 'active' | 'inactive';
  level: QcCenterLevel | null;
  category: QcCenterCategory | null;
  specialty: string | null;
  hostHospitalId: number | null;
  hostHospitalName: string | null;
  directorName: string | null;
  termStart: string | null;
  termEnd: string | null;
  tier: string | null;
  type: string | null;
  ownership: string | null;
  district: string | null;
  address: string | null;
  /** Masked by the server (138****1234); never send it back unchanged. */
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrgDetail extends Org {
  supervisedHospitals: OrgRef[];
  supervisingCenters: OrgRef[];
  departments: OrgRef[];
  userCount: number;
}

export interface Role {
  code: string;
  name: string;
  description: string;
  permissions: string[];
}

export type UserStatus = 'active' | 'disabled';

export interface User {
  id: number;
  username: string;
  displayName: string;
  status: UserStatus;
  org: OrgRef & { kind: OrgKind };
  roles: { code: string; name: string }[];
  /** Masked by the server; never send it back unchanged. */
  phone: string | null;
  email: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface StatsOverview {
  qcCenters: number;
  hospitals: number;
  departments: number;
  users: number;
  activeUsers: number;
}

export interface FieldError {
  field: string;
  message: string;
}

/** The one error shape every ops-api route answers with. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}
