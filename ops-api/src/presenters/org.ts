import type { OrgKind } from '../models/organization.js';
import { maskPhone } from './mask.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const dateOnly = (d: Date | string | null | undefined) => {
  if (!d) return null;
  if (typeof d === 'string') return d.slice(0, 10);
  // DATE columns arrive as local-midnight Dates; format in local time so the day does not shift.
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export interface OrgRow {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  parentId: number | null;
  parentName?: string | null;
  status: string;
  level: string | null;
  category: string | null;
  specialty: string | null;
  hostHospitalId: number | null;
  hostHospitalName?: string | null;
  directorName: string | null;
  termStart: Date | string | null;
  termEnd: Date | string | null;
  tier: string | null;
  type: string | null;
  ownership: string | null;
  district: string | null;
  address: string | null;
  phone: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** Every field an organization shows a client; phone masked. */
export function presentOrg(r: OrgRow) {
  return {
    id: Number(r.id),
    code: r.code,
    name: r.name,
    shortName: r.shortName,
    kind: r.kind,
    parentId: r.parentId === null ? null : Number(r.parentId),
    parentName: r.parentName ?? null,
    status: r.status,
    level: r.level,
    category: r.category,
    specialty: r.specialty,
    hostHospitalId: r.hostHospitalId === null ? null : Number(r.hostHospitalId),
    hostHospitalName: r.hostHospitalName ?? null,
    directorName: r.directorName,
    termStart: dateOnly(r.termStart),
    termEnd: dateOnly(r.termEnd),
    tier: r.tier,
    type: r.type,
    ownership: r.ownership,
    district: r.district,
    address: r.address,
    phone: maskPhone(r.phone),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export type OrgView = ReturnType<typeof presentOrg>;
