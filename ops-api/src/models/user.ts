import { BaseModel } from './base.js';

export type UserStatus = 'active' | 'disabled';

export class User extends BaseModel {
  static override tableName = 'users';

  id!: number;
  username!: string;
  displayName!: string;
  passwordHash!: string;
  orgId!: number;
  status!: UserStatus;
  phone!: string | null;
  email!: string | null;
  mustChangePassword!: boolean;
  passwordChangedAt!: Date | null;
  lastLoginAt!: Date | null;
  failedAttempts!: number;
  lockedUntil!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}
