import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one; each hash is salted', async () => {
    const a = await hashPassword('Lz@Demo2026');
    const b = await hashPassword('Lz@Demo2026');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('Lz@Demo2026', a)).toBe(true);
    expect(await verifyPassword('Lz@Demo2027', a)).toBe(false);
  });

  it('refuses malformed stored hashes', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['Abc#123', '长度至少 8'],
    ['abcdefgh1', '至少 3 类'],
    ['Zhangsan#2026', '不能包含用户名'],
  ])('refuses %s', (pw, reason) => {
    expect(checkPasswordPolicy(pw, 'zhangsan')).toContain(reason);
  });

  it('accepts 8+ characters of three classes without the username', () => {
    expect(checkPasswordPolicy('Lz@Demo2026', 'liaison01')).toBeNull();
    expect(checkPasswordPolicy('abcd#1234', 'liaison01')).toBeNull();
  });
});
