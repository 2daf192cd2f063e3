/**
 * Direct Line credentials. The secret (DIRECTLINE_SECRET) stays on the server; clients get
 * short-lived tokens: compact HS256 JWTs signed with the secret. Web Chat reads the `user` claim
 * of a conversation token as the user's id, so it is a JWT rather than an opaque string.
 *
 * Three scopes, never interchangeable:
 *   conversation — one conversation (and one user), for the REST routes; refreshable;
 *   stream       — opens that conversation's WebSocket (short: it sits in a URL);
 *   connector    — the bot's own calls to /directline/connector (replies, proactive messages).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type Scope = 'conversation' | 'stream' | 'connector';

export interface TokenClaims {
  scope: Scope;
  /** The conversation (conversation and stream tokens). */
  conv?: string;
  /** The user's id (conversation tokens); Web Chat reads it under this name. */
  user?: string;
  iat: number;
  exp: number;
}

export type Verified = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Lifetimes in seconds. directlinejs refreshes a conversation token every 15 minutes. */
export const TOKEN_TTL: Record<Scope, number> = { conversation: 1800, stream: 120, connector: 600 };

const ISSUER = 'wechat-connect-helper/directline';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class DirectLineTokens {
  private readonly key: Buffer;

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {
    // A derived key: a token never reveals anything usable as the secret itself.
    this.key = createHmac('sha256', secret).update('directline-token-key').digest();
  }

  /** Whether a bearer credential is the secret (compared in constant time). */
  isSecret(bearer: string): boolean {
    const a = Buffer.from(bearer);
    const b = Buffer.from(this.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  issue(scope: Scope, fields: { conv?: string; user?: string } = {}): { token: string; expiresIn: number } {
    const iat = Math.floor(this.now() / 1000);
    const expiresIn = TOKEN_TTL[scope];
    const claims = { iss: ISSUER, scope, ...fields, iat, exp: iat + expiresIn };
    const body = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    return { token: `${body}.${this.sign(body)}`, expiresIn };
  }

  verify(token: string, scope: Scope): Verified {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let claims: TokenClaims & { iss?: unknown };
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (claims.iss !== ISSUER || claims.scope !== scope || typeof claims.exp !== 'number') return { ok: false, reason: 'invalid' };
    if (claims.exp * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
