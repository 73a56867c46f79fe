/** Passwords: argon2id hashing and verification, malformed hashes, and the password policy. */
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../../src/lib/server/accounts/passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and a random salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    expect(await verifyPassword(first, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(second, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(first, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(first, '')).toBe(false);
  });

  it('treats composed and decomposed umlauts as the same password', async () => {
    const hash = await hashPassword('Gr\u00fc\u00dfe aus K\u00f6ln');
    expect(await verifyPassword(hash, 'Gru\u0308\u00dfe aus Ko\u0308ln')).toBe(true);
  });

  it('returns false instead of throwing for malformed hashes and overlong passwords', async () => {
    for (const bad of ['', 'plain text', '$argon2id$garbage', '$argon2id$v=19$m=19456,t=2,p=1$short$x', '$2b$10$abcdefghijklmnopqrstuv']) {
      await expect(verifyPassword(bad, 'whatever password')).resolves.toBe(false);
    }
    const hash = await hashPassword('a'.repeat(20));
    expect(await verifyPassword(hash, 'a'.repeat(5000))).toBe(false);
  });

  it('has a dummy hash that no password matches, for unknown accounts', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(/^\$argon2id\$/);
    expect(await dummyPasswordHash()).toBe(dummy);
    expect(await verifyPassword(dummy, 'demo-first-level')).toBe(false);
  });
});

describe('checkPasswordPolicy', () => {
  it(`accepts ${MIN_PASSWORD_LENGTH} characters or more`, () => {
    expect(checkPasswordPolicy('abcdefghij', 'lena@example.com')).toBeNull();
    expect(checkPasswordPolicy('ein langes Passwort', 'lena@example.com')).toBeNull();
  });

  it('refuses short passwords with a message that names the rule', () => {
    expect(checkPasswordPolicy('abcdefghi', 'lena@example.com')).toBe('the password must have at least 10 characters (it has 9)');
    expect(checkPasswordPolicy('', 'lena@example.com')).toMatch(/at least 10 characters/);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkPasswordPolicy('😀😀😀😀😀', 'lena@example.com')).toMatch(/it has 5/);
  });

  it('refuses the e-mail address as password, in any case', () => {
    expect(checkPasswordPolicy('lena@example.com', 'lena@example.com')).toBe('the password must not be the e-mail address');
    expect(checkPasswordPolicy('Lena@Example.com', ' lena@example.COM ')).toBe('the password must not be the e-mail address');
  });

  it('refuses absurdly long passwords', () => {
    expect(checkPasswordPolicy('x'.repeat(1001), 'lena@example.com')).toMatch(/at most 1000/);
  });
});
