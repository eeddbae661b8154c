import type { Knex } from 'knex';
import type { DataScope } from '../policies/scope.js';

/** The signed-in user as every service sees them. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  roles: string[];
  permissions: string[];
  scope: DataScope;
  sessionId: string;
}

export type Db = Knex | Knex.Transaction;
