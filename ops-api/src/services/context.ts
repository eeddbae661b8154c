import type { Knex } from 'knex';
import type { DataScope } from '../policies/scope.js';

/** What a signed-in user must do before anything else. */
export type PendingStep = null | 'change_password' | 'enroll_totp';

/** The signed-in user as every service sees them. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  roles: string[];
  permissions: string[];
  scope: DataScope;
  sessionId: string;
  pending: PendingStep;
  mustChangePassword: boolean;
  passwordExpiresAt: string | null;
  totpEnabled: boolean;
  totpRequired: boolean;
  /** SHA-256 of the session's CSRF token. */
  csrfHash: string | null;
}

export type Db = Knex | Knex.Transaction;
