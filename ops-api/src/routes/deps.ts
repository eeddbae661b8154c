import type { Request } from '@hapi/hapi';
import type { Knex } from 'knex';
import type { AppConfig } from '../config.js';
import type { DbKind } from '../db/database.js';
import type { Logger } from '../logger.js';
import { enterScope } from '../policies/scope.js';
import { appendAudit, type AuditEvent, type AuditSubject } from '../security/audit.js';
import type { DataCipher } from '../security/crypto.js';
import type { SecurityPolicy } from '../security/policy.js';
import type { Actor } from '../services/context.js';
import type { WarehouseClient } from '@qc/ingest';

/** What route factories receive; built once at boot. */
export interface RouteDeps {
  knex: Knex;
  dbKind: DbKind;
  config: AppConfig;
  logger: Logger;
  version: string;
  cipher: DataCipher;
  /** Policy values from configuration, used until the 安全管理员 saves a policy. */
  policyDefaults: Partial<SecurityPolicy>;
  warehouse: WarehouseClient;
}

/** The audit subject of a request: who, with which roles, from where. */
export function auditSubject(request: Request, actor?: Actor | null): AuditSubject {
  return {
    userId: actor?.userId ?? null,
    username: actor?.username ?? null,
    roles: actor?.roles ?? [],
    orgId: actor?.orgId ?? null,
    orgName: actor?.orgName ?? null,
    ip: request.info.remoteAddress ?? null,
    userAgent: (request.headers['user-agent'] as string | undefined) ?? null,
    requestId: (request.app as { requestId?: string }).requestId ?? null,
  };
}

export interface RequestScope {
  trx: Knex.Transaction;
  actor: Actor;
  /** Records an audit entry, written in the same transaction as the change it describes. */
  audit(event: AuditEvent): void;
}

/**
 * Runs a signed-in request's work in one transaction as the database role `qc_app` with the user's
 * data scope set for Row-Level Security; audit entries commit with the work or not at all.
 */
export function withActor<T>(request: Request, deps: RouteDeps, fn: (scope: RequestScope) => Promise<T>): Promise<T> {
  const actor = request.auth.credentials as unknown as Actor;
  return deps.knex.transaction(async (trx) => {
    await enterScope(trx, actor.scope, actor.userId);
    const events: AuditEvent[] = [];
    const result = await fn({ trx, actor, audit: (e) => events.push(e) });
    for (const e of events) await appendAudit(trx, auditSubject(request, actor), e);
    return result;
  });
}

/** Runs `fn` in one transaction without a user (public routes, system work). */
export function inTransaction<T>(knex: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(fn);
}
