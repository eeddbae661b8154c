import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** SM3 (GB/T 32905) digest as hex. */
export function sm3(data: string | Buffer): string {
  return crypto.createHash('sm3').update(data).digest('hex');
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

export interface DataKey {
  id: string;
  key: Buffer;
}

const PREFIX = 'enc:v1:';

/**
 * Field encryption for personal data at rest: AES-256-GCM with a random IV per value, written as
 * `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64). The first key encrypts; every listed key decrypts,
 * so keys rotate by adding a new first key and re-encrypting (`npm run qc -- security:rotate-key`).
 */
export class DataCipher {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: DataKey[]) {
    if (!keys.length) throw new Error('at least one data key is required');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`data key ${k.id} must be 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  encrypt(plain: string | null | undefined): string | null {
    if (plain === null || plain === undefined || plain === '') return null;
    const { id, key } = this.keys[0]!;
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${ct.toString('base64')}`;
  }

  /** Plain text back; values written before encryption existed pass through unchanged. */
  decrypt(value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    if (!value.startsWith(PREFIX)) return value;
    const [id, iv, tag, ct] = value.slice(PREFIX.length).split(':');
    const key = id ? this.byId.get(id) : undefined;
    if (!key || !iv || !tag || ct === undefined) throw new Error(`cannot decrypt: unknown key ${id ?? '?'}`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }

  /** True when the value is plain or was written with an older key. */
  needsReencryption(value: string | null | undefined): boolean {
    if (value === null || value === undefined || value === '') return false;
    return !value.startsWith(`${PREFIX}${this.currentKeyId}:`);
  }
}

/** Parses `id:base64,…`. */
export function parseDataKeys(spec: string): DataKey[] {
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    return { id: part.slice(0, i), key: Buffer.from(part.slice(i + 1), 'base64') };
  });
}

/**
 * The data keys from configuration, or else from `<dataDir>/keys/data-keys` (made on first use, mode
 * 0600). Replicas sharing a database must share the keys: set QC_DATA_KEYS for them.
 */
export function loadDataKeys(options: { dataKeys?: string | undefined; dataDir: string }): { keys: DataKey[]; source: string } {
  if (options.dataKeys) return { keys: parseDataKeys(options.dataKeys), source: 'QC_DATA_KEYS' };
  const dir = path.join(options.dataDir, 'keys');
  const file = path.join(dir, 'data-keys');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `k1:${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { keys: parseDataKeys(fs.readFileSync(file, 'utf8').trim()), source: file };
}

/** A new key spec entry, for rotation. */
export function newDataKey(id: string): string {
  return `${id}:${crypto.randomBytes(32).toString('base64')}`;
}

/**
 * The secret of the keyed hash that links one patient's stays in the warehouse without their name or
 * ID number. It must never change (or linkage breaks) and never sit in the databases it protects:
 * from QC_PATIENT_KEY_SECRET, else a 0600 file under `<dataDir>/keys` made on first use.
 */
export function loadPatientKeySecret(options: { patientKeySecret?: string | undefined; dataDir: string }): string {
  if (options.patientKeySecret) return options.patientKeySecret;
  const dir = path.join(options.dataDir, 'keys');
  const file = path.join(dir, 'patient-key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
