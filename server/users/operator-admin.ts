// The console's operator administration in SQLite: list, create (with a sign-in when a login id is given), change
// name/role/phone/presence/status. Passwords arrive hashed; nothing here sees one.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { operators } from '../db/schema.js';
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

  list(merchantId: string): OperatorView[] {
    return this.db.select().from(operators).where(eq(operators.merchantId, merchantId)).orderBy(asc(operators.createdAt)).all().map(toView);
  }

  get(merchantId: string, id: string): OperatorView | null {
    const row = this.db.select().from(operators).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId))).get();
    return row ? toView(row) : null;
  }

  create(merchantId: string, o: NewOperator, passwordHash: string | null): OperatorView {
    const id = newId('op');
    this.db
      .insert(operators)
      .values({ id, merchantId, name: o.name, dialString: o.dialString ?? null, role: o.role, loginId: o.loginId ? Accounts.normalize(o.loginId) : null, passwordHash, mustChangePassword: passwordHash !== null, createdAt: nowIso() })
      .run();
    return this.get(merchantId, id)!;
  }

  update(merchantId: string, id: string, patch: OperatorPatch): OperatorView | null {
    if (Object.keys(patch).length) this.db.update(operators).set(patch).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId))).run();
    return this.get(merchantId, id);
  }

  /** Gives an operator without a sign-in a login id. */
  setLoginId(merchantId: string, id: string, loginId: string): void {
    this.db.update(operators).set({ loginId: Accounts.normalize(loginId) }).where(and(eq(operators.id, id), eq(operators.merchantId, merchantId))).run();
  }
}
