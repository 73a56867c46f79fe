/**
 * Staff passwords: argon2id hashes (PHC strings with salt and parameters) and the password
 * policy. Parameters are the OWASP minimum for argon2id: 19 MiB memory, 2 passes, 1 lane.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/** Fewer characters than this are refused. */
export const MIN_PASSWORD_LENGTH = 10;

/** Longer passwords are refused: hashing megabytes of input is a cheap denial of service. */
export const MAX_PASSWORD_LENGTH = 1000;

// @node-rs/argon2 exports Algorithm as a const enum, which type stripping cannot inline.
const ARGON2ID = 2 as Algorithm;
const HASH_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id and a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), HASH_OPTIONS);
}

/**
 * True when `password` matches the hash. A malformed or empty hash, or an overlong password,
 * gives false instead of an error, so a broken row can never crash a log-in.
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (!passwordHash.startsWith('$argon2') || password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(passwordHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * A valid hash of a password nobody knows. Log-ins for unknown e-mail addresses verify
 * against it, so that they take as long as real ones and timing does not reveal accounts.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`unknown-account-${crypto.randomUUID()}`);
  return dummyHash;
}

/** Which rule of the password policy a new password breaks. */
export type PasswordProblem = 'short' | 'long' | 'email';

/** The rule a new password breaks (at least MIN_PASSWORD_LENGTH characters, not the e-mail address), or null. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  const length = [...password.normalize('NFC')].length;
  if (length < MIN_PASSWORD_LENGTH) return 'short';
  if (length > MAX_PASSWORD_LENGTH) return 'long';
  const normalisedEmail = email.trim().toLowerCase();
  if (normalisedEmail && password.trim().toLowerCase() === normalisedEmail) return 'email';
  return null;
}

/**
 * Checks a new password against the policy: at least MIN_PASSWORD_LENGTH characters and not
 * the account's e-mail address. Returns a message in English for the CLI and logs, or null.
 */
export function checkPasswordPolicy(password: string, email: string): string | null {
  switch (passwordProblem(password, email)) {
    case 'short':
      return `the password must have at least ${MIN_PASSWORD_LENGTH} characters (it has ${[...password.normalize('NFC')].length})`;
    case 'long':
      return `the password must have at most ${MAX_PASSWORD_LENGTH} characters`;
    case 'email':
      return 'the password must not be the e-mail address';
    default:
      return null;
  }
}
