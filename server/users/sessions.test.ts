import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openSqlite as openDatabase, type Db } from '../db/index.js';
import { platformAdmins } from '../db/sqlite-schema.js';
import { Accounts, type User } from './accounts.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, Sessions } from './sessions.js';

let db: Db;
let sessions: Sessions;
let user: User;

beforeEach(async () => {
  db = openDatabase(':memory:');
  const accounts = new Accounts(db);
  sessions = new Sessions(db, accounts);
  user = await accounts.createPlatformAdmin('root', 'Root', 'scrypt$x');
});

describe('Sessions', () => {
  it('stores only a hash of the token and resolves the token to the user', async () => {
    const { token, session } = await sessions.create(user);
    expect(token).toMatch(/^[\w-]{43}$/);
    const raw = JSON.stringify(db.sqlite!.prepare('SELECT * FROM console_sessions').all());
    expect(raw).not.toContain(token);
    expect(await sessions.resolve(token)).toMatchObject({ id: session.id, user: { id: user.id }, csrfToken: session.csrfToken });
    expect(await sessions.resolve(token + 'x')).toBeNull();
  });

  it('ends after the idle timeout, and at the absolute end even when used', async () => {
    const t0 = Date.now();
    const a = (await sessions.create(user, t0)).token;
    expect(await sessions.resolve(a, t0 + IDLE_TIMEOUT_MS + 1)).toBeNull();
    const b = (await sessions.create(user, t0)).token;
    for (let t = t0; t < t0 + ABSOLUTE_TIMEOUT_MS; t += IDLE_TIMEOUT_MS / 2) expect(await sessions.resolve(b, t)).not.toBeNull();
    expect(await sessions.resolve(b, t0 + ABSOLUTE_TIMEOUT_MS)).toBeNull();
  });

  it('ends when the user is disabled, and endAllFor signs out everywhere but the kept session', async () => {
    const a = await sessions.create(user);
    const b = await sessions.create(user);
    await sessions.endAllFor('platform_admin', user.id, b.session.id);
    expect(await sessions.resolve(a.token)).toBeNull();
    expect(await sessions.resolve(b.token)).not.toBeNull();
    await db.q.update(platformAdmins).set({ status: 'disabled' }).where(eq(platformAdmins.id, user.id));
    expect(await sessions.resolve(b.token)).toBeNull();
  });
});
