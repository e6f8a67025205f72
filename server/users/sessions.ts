// Console sessions: a random 256-bit token in an HttpOnly cookie, only its SHA-256 stored; idle and absolute
// expiry; a per-session CSRF token. Never stores or logs the token itself.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { Accounts, User, UserKind } from './accounts.js';

export const IDLE_TIMEOUT_MS = 2 * 60 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** lastSeenAt is written at most this often per session */
const TOUCH_EVERY_MS = 60_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ActiveSession {
  id: string;
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly accounts: Accounts,
  ) {}

  /** Starts a session; the returned token goes into the cookie and is not kept. */
  async create(user: User, now = Date.now()): Promise<{ token: string; session: ActiveSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const at = new Date(now).toISOString();
    const expiresAt = new Date(now + ABSOLUTE_TIMEOUT_MS).toISOString();
    const id = hash(token);
    await this.db.q.insert(this.db.tables.consoleSessions).values({ id, userKind: user.kind, userId: user.id, csrfToken, createdAt: at, lastSeenAt: at, expiresAt });
    return { token, session: { id, user, csrfToken, expiresAt } };
  }

  /** The session for a cookie token, or null when unknown, idle too long, past its end, or the user was disabled. */
  async resolve(token: string, now = Date.now()): Promise<ActiveSession | null> {
    if (!token || token.length > 100) return null;
    return this.resolveId(hash(token), now);
  }

  /**
   * The session by its id (the token's SHA-256), with the same expiry and user checks: for credentials derived from a
   * session that must die with it (the softphone widget's operator token), which never hold the token itself.
   */
  async resolveId(id: string, now = Date.now()): Promise<ActiveSession | null> {
    if (!/^[0-9a-f]{64}$/.test(id)) return null;
    const { consoleSessions } = this.db.tables;
    const [row] = await this.db.q.select().from(consoleSessions).where(eq(consoleSessions.id, id)).limit(1);
    if (!row) return null;
    if (Date.parse(row.expiresAt) <= now || Date.parse(row.lastSeenAt) + IDLE_TIMEOUT_MS <= now) {
      await this.end(id);
      return null;
    }
    const user = await this.accounts.activeUser(row.userKind, row.userId);
    if (!user) {
      await this.end(id);
      return null;
    }
    if (Date.parse(row.lastSeenAt) + TOUCH_EVERY_MS <= now) await this.db.q.update(consoleSessions).set({ lastSeenAt: new Date(now).toISOString() }).where(eq(consoleSessions.id, id));
    return { id, user, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
  }

  async end(sessionId: string): Promise<void> {
    const { consoleSessions } = this.db.tables;
    await this.db.q.delete(consoleSessions).where(eq(consoleSessions.id, sessionId));
  }

  /** Signs the person out everywhere (password changed or reset, disabled), except `keep`. */
  async endAllFor(kind: UserKind, userId: string, keep?: string): Promise<void> {
    const { consoleSessions } = this.db.tables;
    for (const s of await this.db.q.select({ id: consoleSessions.id }).from(consoleSessions).where(and(eq(consoleSessions.userKind, kind), eq(consoleSessions.userId, userId)))) {
      if (s.id !== keep) await this.end(s.id);
    }
  }

  /** Deletes sessions past their absolute end (the retention job calls it). */
  async purgeExpired(now = Date.now()): Promise<number> {
    const { consoleSessions } = this.db.tables;
    return (await this.db.q.delete(consoleSessions).where(lt(consoleSessions.expiresAt, new Date(now).toISOString())).returning({ id: consoleSessions.id })).length;
  }
}
