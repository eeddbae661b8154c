import type { OrgKind } from '../models/organization.js';
import { maskEmail, maskPhone } from './mask.js';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  status: string;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgKind: OrgKind;
  phone: string | null;
  email: string | null;
  lastLoginAt: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Every field a user shows a client; no hash, personal fields masked. */
export function presentUser(r: UserRow, roles: { code: string; name: string }[]) {
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.displayName,
    status: r.status,
    org: { id: Number(r.orgId), code: r.orgCode, name: r.orgName, kind: r.orgKind },
    roles,
    phone: maskPhone(r.phone),
    email: maskEmail(r.email),
    lastLoginAt: iso(r.lastLoginAt),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export type UserView = ReturnType<typeof presentUser>;
