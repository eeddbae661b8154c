import type { Knex } from 'knex';
import type { SeedContext } from '../../src/db/database.js';
import { appendAudit } from '../../src/security/audit.js';
import { bundledImportNeeded, importLibrary, type ImportResult, type LibraryFile } from '../../src/services/indicator-library.js';
import library from './reference/national-qc-indicators.json' with { type: 'json' };

/** The national QC indicator library shipped with this release (compiled along into dist). */
export function bundledLibrary(): LibraryFile {
  return library as unknown as LibraryFile;
}

/**
 * 指标库: the bundled national library, on an empty library and again whenever a release ships a file
 * the library has not imported yet (merged without overwriting local edits). Runs on every boot.
 */
export async function seed({ knex }: SeedContext): Promise<void> {
  await importBundledLibrary(knex, bundledLibrary());
}

/** The boot-time merge of a bundled library file; null when the library has it (or something newer) already. */
export async function importBundledLibrary(knex: Knex, file: LibraryFile): Promise<ImportResult | null> {
  if (!(await bundledImportNeeded(file, knex))) return null;
  const result = await importLibrary(file, null, knex);
  await appendAudit(
    knex,
    { userId: null, username: 'system', roles: [], orgId: null, ip: null, userAgent: null, requestId: null },
    {
      action: 'indicator.library_import',
      objectType: 'indicator_library',
      objectId: result.libraryVersion,
      after: { added: result.added, updated: result.updated, keptLocal: result.keptLocal, unchanged: result.unchanged },
      detail: '启动时载入随版本发布的国家指标库',
    },
  );
  return result;
}
