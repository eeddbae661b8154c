import type { Db } from '../services/context.js';
import type { DataCipher } from './crypto.js';

/** Columns that hold personal data or secrets, encrypted at rest. Extend when a table gains one. */
export const ENCRYPTED_COLUMNS: { table: string; key: string; columns: string[] }[] = [
  { table: 'users', key: 'id', columns: ['phone', 'email', 'totp_secret', 'totp_pending_secret'] },
];

/**
 * Encrypts personal fields stored in clear (`onlyPlain`) or, for a key rotation, everything not written
 * with the current key. Returns how many values were rewritten.
 */
export async function reencryptPersonalData(db: Db, cipher: DataCipher, options: { onlyPlain: boolean }): Promise<number> {
  let rewritten = 0;
  for (const { table, key, columns } of ENCRYPTED_COLUMNS) {
    const rows = (await db(table)
      .select(key, ...columns)
      .where((w) => {
        for (const c of columns) {
          if (options.onlyPlain) w.orWhere((x) => x.whereNotNull(c).whereNot(c, 'like', 'enc:%'));
          else w.orWhere((x) => x.whereNotNull(c).whereNot(c, 'like', `enc:v1:${cipher.currentKeyId}:%`));
        }
      })) as Record<string, string | number | null>[];
    for (const row of rows) {
      const changes: Record<string, string | null> = {};
      for (const c of columns) {
        const value = row[c] as string | null;
        if (value && cipher.needsReencryption(value)) changes[c] = cipher.encrypt(cipher.decrypt(value));
      }
      if (Object.keys(changes).length) {
        await db(table).where(key, row[key]!).update(changes);
        rewritten += Object.keys(changes).length;
      }
    }
  }
  return rewritten;
}
