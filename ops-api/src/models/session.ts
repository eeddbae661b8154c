import { BaseModel } from './base.js';

export class Session extends BaseModel {
  static override tableName = 'sessions';

  id!: string;
  userId!: number;
  ip!: string | null;
  userAgent!: string | null;
  createdAt!: Date;
  lastSeenAt!: Date;
  expiresAt!: Date;
}
