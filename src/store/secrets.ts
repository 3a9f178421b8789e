/**
 * How secrets are kept at rest. Passwords and API tokens are stored only as scrypt hashes
 * (node:crypto), and every comparison is constant-time, so neither a copy of the database nor
 * the timing of a failed check tells anyone a secret.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// N=2^14, r=8, p=1: the parameters OWASP lists for scrypt; about 16 MB and tens of ms.
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(secret: string, salt: Buffer, params: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a secret as `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `secret` matches a hash made by `hashSecret`. Constant-time in the secret. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, hashText] = parts;
  const expected = Buffer.from(hashText, 'base64url');
  const key = await scryptAsync(secret, Buffer.from(saltText, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    keylen: expected.length,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Constant-time equality of two strings (false when lengths differ, without a timing hint on content). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** Hex sha256 of a string or bytes. */
export { sha256 } from '../core/index.js';

const TOKEN_PATTERN = /^plainly_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/**
 * A new API token: `plainly_<id>_<secret>`. The id is public (it names the token in lists and
 * the audit log); the 256-bit secret is shown once and stored only as a hash.
 */
export function generateToken(): { id: string; secret: string; token: string } {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `plainly_${id}_${secret}` };
}

/** Splits a presented token into id and secret, or null when it is not shaped like one. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { id: match[1], secret: match[2] } : null;
}

/** A random opaque value (session ids, CSRF tokens). */
export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
