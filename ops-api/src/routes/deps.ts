import type { Knex } from 'knex';
import type { AppConfig } from '../config.js';
import type { DbKind } from '../db/database.js';
import type { Logger } from '../logger.js';

/** What route factories receive; built once at boot. */
export interface RouteDeps {
  knex: Knex;
  dbKind: DbKind;
  config: AppConfig;
  logger: Logger;
  version: string;
}

/** Runs `fn` in one transaction: the route opens it, services receive it. */
export function inTransaction<T>(knex: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(fn);
}
