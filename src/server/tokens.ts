// API tokens are stored as SHA-256 hashes; lookups hash the presented token and compare in
// constant time, so neither the database nor timing reveals a token.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function tokensMatch(presentedHash: string, storedHash: string): boolean {
  const a = Buffer.from(presentedHash, 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function generateToken(): string {
  return `pct_${randomBytes(24).toString('base64url')}`;
}
