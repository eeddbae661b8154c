import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataCipher, loadDataKeys, parseDataKeys, sm3 } from './crypto.js';

const key = (id: string) => ({ id, key: crypto.randomBytes(32) });

describe('sm3', () => {
  it('matches the GB/T 32905 test vector for "abc"', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

describe('DataCipher', () => {
  it('round-trips text, never writes the same ciphertext twice, and hides the plain text', () => {
    const c = new DataCipher([key('k1')]);
    const a = c.encrypt('13812341234')!;
    const b = c.encrypt('13812341234')!;
    expect(a).not.toBe(b);
    expect(a).not.toContain('1381234');
    expect(a.startsWith('enc:v1:k1:')).toBe(true);
    expect(c.decrypt(a)).toBe('13812341234');
    expect(c.encrypt('')).toBeNull();
  });

  it('detects tampering', () => {
    const c = new DataCipher([key('k1')]);
    const a = c.encrypt('450203199001011234')!;
    const parts = a.split(':');
    parts[5] = Buffer.from('x' + Buffer.from(parts[5]!, 'base64').toString('latin1'), 'latin1').toString('base64');
    expect(() => c.decrypt(parts.join(':'))).toThrow();
  });

  it('rotates: old ciphertext still decrypts and is flagged for re-encryption', () => {
    const k1 = key('k1');
    const old = new DataCipher([k1]).encrypt('zhang@lz.cn');
    const rotated = new DataCipher([key('k2'), k1]);
    expect(rotated.decrypt(old)).toBe('zhang@lz.cn');
    expect(rotated.needsReencryption(old)).toBe(true);
    expect(rotated.needsReencryption(rotated.encrypt('x'))).toBe(false);
    expect(rotated.needsReencryption('plain legacy')).toBe(true);
    expect(() => new DataCipher([key('k3')]).decrypt(old)).toThrow(/k1/);
  });

  it('makes a private key file on first use and reads configured keys', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-keys-'));
    const first = loadDataKeys({ dataDir: dir });
    const again = loadDataKeys({ dataDir: dir });
    expect(again.keys[0]!.key.equals(first.keys[0]!.key)).toBe(true);
    expect(fs.statSync(path.join(dir, 'keys', 'data-keys')).mode & 0o077).toBe(0);
    const spec = `k9:${crypto.randomBytes(32).toString('base64')}`;
    expect(loadDataKeys({ dataDir: dir, dataKeys: spec }).keys.map((k) => k.id)).toEqual(['k9']);
    expect(parseDataKeys(`a:${'A'.repeat(43)}=,b:${'B'.repeat(43)}=`).map((k) => k.id)).toEqual(['a', 'b']);
  });
});
