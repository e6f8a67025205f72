// Console sign-in identities in the database: operators with a login id (merchant admins and operators) and platform
// admins (no merchant). Reads users, records sign-in failures and successes, sets password hashes. Never sees a
// password: callers hash first (passwords.ts).
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { operators, platformAdmins } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import type { Role } from './permissions.js';

export type UserKind = 'operator' | 'platform_admin';

/** A person signed in to the console, as the API returns them. */
export interface User {
  kind: UserKind;
  id: string;
  loginId: string;
  name: string;
  role: Role;
  /** null for platform admins */
  merchantId: string | null;
  mustChangePassword: boolean;
}

export interface Credentials {
  user: User;
  passwordHash: string | null;
  failedSignIns: number;
  lockedUntil: string | null;
  /** false when the person or their merchant is disabled */
  active: boolean;
  merchantActive: boolean;
}

type OperatorRow = typeof operators.$inferSelect;
type AdminRow = typeof platformAdmins.$inferSelect;

const fromOperator = (r: OperatorRow): User => ({ kind: 'operator', id: r.id, loginId: r.loginId ?? '', name: r.name, role: r.role, merchantId: r.merchantId, mustChangePassword: r.mustChangePassword });
const fromAdmin = (r: AdminRow): User => ({ kind: 'platform_admin', id: r.id, loginId: r.loginId ?? '', name: r.name, role: 'platform_admin', merchantId: null, mustChangePassword: r.mustChangePassword });

export class Accounts {
  constructor(private readonly db: Db) {}

  /** Login ids are compared case-insensitively: stored lowercased. */
  static normalize(loginId: string): string {
    return loginId.trim().toLowerCase();
  }

  async credentials(loginId: string): Promise<Credentials | null> {
    const { merchants, operators, platformAdmins } = this.db.tables;
    const id = Accounts.normalize(loginId);
    const [admin] = await this.db.q.select().from(platformAdmins).where(eq(platformAdmins.loginId, id)).limit(1);
    if (admin) return { user: fromAdmin(admin), passwordHash: admin.passwordHash, failedSignIns: admin.failedSignIns, lockedUntil: admin.lockedUntil, active: admin.status === 'active', merchantActive: true };
    const [row] = await this.db.q.select({ op: operators, merchantStatus: merchants.status }).from(operators).innerJoin(merchants, eq(merchants.id, operators.merchantId)).where(eq(operators.loginId, id)).limit(1);
    if (!row) return null;
    return { user: fromOperator(row.op), passwordHash: row.op.passwordHash, failedSignIns: row.op.failedSignIns, lockedUntil: row.op.lockedUntil, active: row.op.status === 'active', merchantActive: row.merchantStatus === 'active' };
  }

  /** The user if they may still use the console (active, merchant active, has a login). */
  async activeUser(kind: UserKind, id: string): Promise<User | null> {
    const { merchants, operators, platformAdmins } = this.db.tables;
    if (kind === 'platform_admin') {
      const [r] = await this.db.q.select().from(platformAdmins).where(eq(platformAdmins.id, id)).limit(1);
      return r && r.status === 'active' && r.loginId ? fromAdmin(r) : null;
    }
    const [row] = await this.db.q.select({ op: operators, merchantStatus: merchants.status }).from(operators).innerJoin(merchants, eq(merchants.id, operators.merchantId)).where(eq(operators.id, id)).limit(1);
    return row && row.op.status === 'active' && row.merchantStatus === 'active' && row.op.loginId ? fromOperator(row.op) : null;
  }

  async loginIdTaken(loginId: string): Promise<boolean> {
    const { operators, platformAdmins } = this.db.tables;
    const id = Accounts.normalize(loginId);
    if ((await this.db.q.select({ id: platformAdmins.id }).from(platformAdmins).where(eq(platformAdmins.loginId, id)).limit(1)).length) return true;
    return (await this.db.q.select({ id: operators.id }).from(operators).where(eq(operators.loginId, id)).limit(1)).length > 0;
  }

  recordFailure(user: User, failedSignIns: number, lockedUntil: string | null): Promise<void> {
    return this.update(user, { failedSignIns, lockedUntil });
  }

  recordSuccess(user: User): Promise<void> {
    return this.update(user, { failedSignIns: 0, lockedUntil: null, lastSignInAt: nowIso() });
  }

  /** Stores a new hash; a reset (mustChange) also lifts a lockout. */
  setPasswordHash(user: Pick<User, 'kind' | 'id'>, passwordHash: string, mustChangePassword: boolean): Promise<void> {
    return this.update(user, { passwordHash, mustChangePassword, failedSignIns: 0, lockedUntil: null });
  }

  async createPlatformAdmin(loginId: string, name: string, passwordHash: string): Promise<User> {
    const row: AdminRow = { id: newId('adm'), name, status: 'active', createdAt: nowIso(), loginId: Accounts.normalize(loginId), passwordHash, failedSignIns: 0, lockedUntil: null, lastSignInAt: null, mustChangePassword: false };
    await this.db.q.insert(this.db.tables.platformAdmins).values(row);
    return fromAdmin(row);
  }

  async platformAdminCount(): Promise<number> {
    const { platformAdmins } = this.db.tables;
    const [row] = await this.db.q.select({ n: count() }).from(platformAdmins).where(eq(platformAdmins.status, 'active'));
    return Number(row?.n ?? 0);
  }

  private async update(user: Pick<User, 'kind' | 'id'>, set: Partial<Pick<AdminRow, 'failedSignIns' | 'lockedUntil' | 'lastSignInAt' | 'passwordHash' | 'mustChangePassword'>>): Promise<void> {
    const { operators, platformAdmins } = this.db.tables;
    if (user.kind === 'platform_admin') await this.db.q.update(platformAdmins).set(set).where(eq(platformAdmins.id, user.id));
    else await this.db.q.update(operators).set(set).where(and(eq(operators.id, user.id)));
  }
}
