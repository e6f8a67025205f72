// An ivrpay stack for integration tests: the real server on a port, SQLite in a scratch folder (or, with
// IVRPAY_TEST_DB=postgres, a fresh database on the run's scratch Postgres), FreeSWITCH = the ESL simulator (CI) or a
// real switch (IVRPAY_TEST_ESL=host:port[:password]), a customer phone driven over ESL, and everything the server
// writes collected so a test can scan it for card digits.
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { createDatabase, dropDatabase } from './postgres.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { loadConfig } from '../../server/config.js';
import { startIvrpay, type Ivrpay, type StartOptions } from '../../server/ivrpay.js';
import { MemorySink } from '../../server/log/logger.js';
import { VirtualPhones } from '../../server/demo/virtual-phone.js';
import { CONTEXT_TEST, TEST_PHONE_EXTENSION } from '../../server/esl/contract.js';
import type { MerchantSettings } from '../../server/merchants/settings.js';
import type { PaymentView } from '../../server/payments/types.js';
import { SseClient } from './sse-client.js';

export const REAL_SWITCH = process.env.IVRPAY_TEST_ESL ?? '';
export const onSimulator = REAL_SWITCH === '';
/** the integration-pg project runs the same files on Postgres */
export const ON_POSTGRES = process.env.IVRPAY_TEST_DB === 'postgres';

export interface TestMerchant {
  id: string;
  apiKey: string;
  did: string;
  operatorId: string;
}

export interface StackOptions extends StartOptions {
  env?: Record<string, string>;
}

export class Stack {
  readonly logs = new MemorySink();
  readonly eslCommands: string[] = [];
  readonly sseClients: SseClient[] = [];
  readonly apiBodies: string[] = [];
  ivr!: Ivrpay;
  phone!: VirtualPhones;
  private dir = '';
  /** on Postgres: the scratch server, this stack's database and its folder under base/ */
  pg: { adminUrl: string; dataDir: string; name: string; oid: number; url: string } | null = null;

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const s = new Stack();
    s.dir = mkdtempSync(join(tmpdir(), 'ivrpay-test-'));
    const env: Record<string, string> = {
      IVRPAY_PORT: '0',
      IVRPAY_DATA_DIR: s.dir,
      IVRPAY_DEMO: 'false',
      IVRPAY_LOG_LEVEL: 'debug',
      IVRPAY_SANDBOX_LATENCY_MS: '20',
      IVRPAY_SIMULATOR: onSimulator ? 'on' : 'off',
      ...(onSimulator ? {} : { IVRPAY_ESL: REAL_SWITCH }),
      ...opts.env,
    };
    if (ON_POSTGRES) {
      const server = inject('pg');
      if (!server) throw new Error('IVRPAY_TEST_DB=postgres needs the integration-pg project (its global setup starts Postgres)');
      const created = await createDatabase(server.url);
      s.pg = { adminUrl: server.url, dataDir: server.dataDir, ...created };
      env.IVRPAY_DATABASE_URL = created.url;
    }
    s.ivr = await startIvrpay(loadConfig(env), { logSink: s.logs, ...opts });
    s.ivr.fs.on('command', (line) => s.eslCommands.push(line));
    await s.ivr.fs.first.esl.waitUntilUp(10_000);
    s.phone = new VirtualPhones(s.ivr.eslTarget, s.ivr.log.child({ component: 'test-phone' }));
    await s.phone.start(10_000);
    return s;
  }

  get url(): string {
    return this.ivr.url;
  }

  /** A merchant with its own DID (random, so runs against one real switch don't collide) and one operator phone. */
  async merchant(settings: Partial<MerchantSettings> = {}): Promise<TestMerchant> {
    // the amount read-back is on by default for merchants; tests that are not about it switch it off
    const m = await this.ivr.merchants.create(`Test merchant ${randomInt(1e6)}`, { firstDigitTimeoutMs: 4_000, interDigitTimeoutMs: 2_000, confirmAmount: false, ...settings });
    const did = `0${randomInt(100_000_000, 999_999_999)}`;
    await this.ivr.merchants.addDid(m.id, did);
    const op = await this.ivr.merchants.addOperator(m.id, 'Operator', `loopback/${TEST_PHONE_EXTENSION}/${CONTEXT_TEST}`);
    return { id: m.id, apiKey: (await this.ivr.keys.create(m.id)).key, did, operatorId: op.id };
  }

  async api<T = any>(method: string, path: string, credential: string | null, body?: unknown): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = {};
    if (credential) headers.authorization = `Bearer ${credential}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    this.apiBodies.push(text);
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  async createPayment(m: TestMerchant, over: Record<string, unknown> = {}): Promise<{ payment: PaymentView; token: string }> {
    const { status, json } = await this.api('POST', '/v1/payments', m.apiKey, { orderId: `T-${Date.now().toString(36)}-${randomInt(1e6).toString(36)}`, amount: 12800, currency: 'JPY', job: 'auth', ...over });
    if (status !== 201) throw new Error(`create payment: ${status} ${JSON.stringify(json)}`);
    return { payment: json.payment, token: json.widgetToken };
  }

  events(paymentId: string, token: string, lastEventId?: number): SseClient {
    const c = new SseClient(this.url, paymentId, token, lastEventId);
    this.sseClients.push(c);
    return c;
  }

  /** The customer calls the merchant; resolves once the call is live with an operator leg in the room. */
  async customerCalls(m: TestMerchant, callerNumber?: string): Promise<{ phone: string; callId: string }> {
    const phone = await this.phone.call(m.did, { callerNumber });
    const call = await until(() => this.ivr.calls.forMerchant(m.id).find((c) => c.operators.size > 0 && !this.taken.has(c.id)), 15_000, 'the call to reach the room with an operator');
    this.taken.add(call.id);
    return { phone, callId: call.id };
  }
  private readonly taken = new Set<string>();

  /**
   * Everything the server wrote or sent, as one string to scan: text outputs plus the raw database files — SQLite's
   * file and WAL, or Postgres's write-ahead log (every committed change is in it), its NOTIFY queue and this
   * database's table files. Of the binary files only the runs of digits (spaces or dashes allowed between them) are
   * kept: their other bytes would let findCardNumbers' separator-tolerant match see numbers that are not there
   * (page headers of 0x31 bytes between zeros).
   */
  written(): string {
    const digitRuns = (f: string) => readFileSync(f).toString('latin1').match(/[0-9](?:[ -]?[0-9]){11,}/g)?.join('\n') ?? '';
    return [this.writtenText(), ...this.databaseFiles().map(digitRuns)].join('\n');
  }

  private databaseFiles(): string[] {
    if (!this.pg) {
      const dbFile = this.ivr.config.databaseFile;
      return [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter(existsSync);
    }
    const inDir = (d: string) => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(d, e.name)) : []);
    const { dataDir, oid } = this.pg;
    return [...inDir(join(dataDir, 'pg_wal')), ...inDir(join(dataDir, 'pg_notify')), ...inDir(join(dataDir, 'base', String(oid)))];
  }

  /** The server's text outputs: log, ESL commands it sent, every SSE byte, every API answer. */
  writtenText(): string {
    return [this.logs.text(), this.eslCommands.join('\n'), this.sseClients.map((c) => c.raw).join('\n'), this.apiBodies.join('\n')].join('\n');
  }

  /** Every row of every table as JSON lines (for scans where the binary file would give false matches). */
  async tableRows(): Promise<string> {
    const db = this.ivr.db;
    const tables = await db.rows<{ name: string }>(
      db.dialect === 'postgres' ? sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'` : sql`SELECT name FROM sqlite_master WHERE type = 'table'`,
    );
    const out: string[] = [];
    for (const t of tables) out.push((await db.rows(sql.raw(`SELECT * FROM "${t.name}"`))).map((r) => JSON.stringify(r)).join('\n'));
    return out.join('\n');
  }

  /** Rows of a query on this stack's database (SQLite or Postgres: write portable SQL). */
  query<T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> {
    return this.ivr.db.rows<T>(q);
  }

  async close(): Promise<void> {
    for (const c of this.sseClients) c.close();
    await this.phone?.stop();
    await this.ivr?.close();
    if (this.pg) await dropDatabase(this.pg.adminUrl, this.pg.name).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function until<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The standard test cards and the sandbox's outcome cards: none may ever appear in anything written. */
export const CARD_NUMBERS = [
  '4111111111111111',
  '4242424242424242',
  '5555555555554444',
  '378282246310005',
  '3530111333300000',
  '30569309025904',
  '4000000000000002',
  '4000000000009995',
  '4000000000000069',
  '4000000000000119',
  '4000000000000259',
  '4000000000000127',
  '4000000000009979',
  '4000000000006975',
  '4000000000003311',
];

/** Card numbers found in `text` (also with any separators between digits). */
export function findCardNumbers(text: string): string[] {
  const digitsOnly = text.replace(/[^0-9]/g, '');
  return CARD_NUMBERS.filter((n) => text.includes(n) || digitsOnly.includes(n) && new RegExp(n.split('').join('[^0-9]{0,3}')).test(text));
}
