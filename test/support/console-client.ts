// A console user for integration tests: signs in over HTTP, keeps the session cookie and CSRF token, and sends
// requests the way the console does. Also creates users (platform admin directly, others through the API).
import type { Stack } from './stack.js';
import { hashPassword } from '../../server/users/passwords.js';

export interface ConsoleResponse<T = any> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

export class ConsoleUser {
  cookie = '';
  csrf = '';
  user: any = null;

  constructor(
    private readonly stack: Stack,
    readonly loginId: string,
    public password: string,
  ) {}

  async signIn(password = this.password): Promise<ConsoleResponse> {
    const res = await this.request('POST', '/v1/auth/sign-in', { loginId: this.loginId, password }, { csrf: false });
    const set = res.headers.get('set-cookie');
    if (res.status === 200 && set) {
      this.cookie = set.split(';')[0]!;
      this.csrf = res.json.csrfToken;
      this.user = res.json.user;
    }
    return res;
  }

  async request<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean; origin?: string; raw?: boolean } = {}): Promise<ConsoleResponse<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (opts.origin) headers.origin = opts.origin;
    const res = await fetch(this.stack.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    this.stack.apiBodies.push(text);
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* CSV, SSE */
    }
    return { status: res.status, json, text, headers: res.headers };
  }
}

const STRONG = 'Sakura-Mochi-2026!';
let n = 0;

export async function platformAdmin(stack: Stack): Promise<ConsoleUser> {
  const loginId = `root${++n}`;
  await stack.ivr.console.accounts.createPlatformAdmin(loginId, 'Root', await hashPassword(STRONG));
  const u = new ConsoleUser(stack, loginId, STRONG);
  const r = await u.signIn();
  if (r.status !== 200) throw new Error(`platform admin sign-in: ${r.status} ${r.text}`);
  return u;
}

/** A merchant user created through the API by `by`, signed in with a chosen password after the forced change. */
export async function merchantUser(stack: Stack, by: ConsoleUser, merchantId: string, role: 'merchant_admin' | 'operator', name: string = role): Promise<ConsoleUser> {
  const loginId = `${role.replace('_', '-')}${++n}`;
  const created = await by.request('POST', `/v1/merchants/${merchantId}/operators`, { name, loginId, role });
  if (created.status !== 201) throw new Error(`create ${role}: ${created.status} ${created.text}`);
  const u = new ConsoleUser(stack, loginId, created.json.temporaryPassword);
  await u.signIn();
  const changed = await u.request('POST', '/v1/auth/password', { currentPassword: created.json.temporaryPassword, newPassword: STRONG });
  if (changed.status !== 200) throw new Error(`password change: ${changed.status} ${changed.text}`);
  u.password = STRONG;
  u.user = changed.json.user;
  u.user.operatorId = created.json.operator.id;
  return u;
}
