// The console's operator administration in the database: list, create (with a sign-in when a login id is given), change
// name/role/phone/presence/status. Passwords arrive hashed; nothing here sees one.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import type { operators } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import { Accounts } from './accounts.js';

export type OperatorRole = 'merchant_admin' | 'operator';

export interface OperatorView {
  id: string;
  merchantId: string;
  name: string;
  loginId: string | null;
  role: OperatorRole;
  status: 'active' | 'disabled';
  presence: 'available' | 'away';
  dialString: string | null;
  lastSignInAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
}

export interface NewOperator {
  name: string;
  loginId?: string | null;
  role: OperatorRole;
  dialString?: string | null;
}

export type OperatorPatch = Partial<Pick<OperatorView, 'name' | 'role' | 'status' | 'presence' | 'dialString'>>;

const toView = (r: typeof operators.$inferSelect): OperatorView => ({
  id: r.id,
  merchantId: r.merchantId,
  name: r.name,
  loginId: r.loginId,
  role: r.role,
  status: r.status,
  presence: r.presence,
  dialString: r.dialString,
  lastSignInAt: r.lastSignInAt,
  lockedUntil: r.lockedUntil,
  createdAt: r.createdAt,
});

export class OperatorAdmin {
  constructor(private readonly db: Db) {}

  async list(merchantId: string): Promise<OperatorView[]> {
    const { operators } = this.db.tables;
    return (await this.db.q.select().from(operators).where(eq(operators.merchantId, merchantId)).orderBy(asc(operators.createdAt))).map(toView);
  }

  async get(merchantId: string, id: string): Promise<OperatorView | null> {
    const { operators } = this.db.tables;
    const [row] = await this.db.q.select().from(operators).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId))).limit(1);
    return row ? toView(row) : null;
  }

  async create(merchantId: string, o: NewOperator, passwordHash: string | null): Promise<OperatorView> {
    const { operators } = this.db.tables;
    const id = newId('op');
    await this.db.q
      .insert(operators)
      .values({ id, merchantId, name: o.name, dialString: o.dialString ?? null, role: o.role, loginId: o.loginId ? Accounts.normalize(o.loginId) : null, passwordHash, mustChangePassword: passwordHash !== null, createdAt: nowIso() });
    return (await this.get(merchantId, id))!;
  }

  async update(merchantId: string, id: string, patch: OperatorPatch): Promise<OperatorView | null> {
    const { operators } = this.db.tables;
    if (Object.keys(patch).length) await this.db.q.update(operators).set(patch).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId)));
    return this.get(merchantId, id);
  }

  /** Gives an operator without a sign-in a login id. */
  async setLoginId(merchantId: string, id: string, loginId: string): Promise<void> {
    const { operators } = this.db.tables;
    await this.db.q.update(operators).set({ loginId: Accounts.normalize(loginId) }).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId)));
  }
}
