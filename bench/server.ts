// Starts bench/server-process.ts as a child process (its own CPU, its own event loop) and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchMerchant, Request, ServerStats } from './server-process.js';
import type { MerchantSettings } from '../server/merchants/settings.js';

const ROOT = resolve(import.meta.dirname, '..');

type Op = Request extends infer R ? (R extends { op: infer O } ? O : never) : never;
type Args<O extends Op> = Omit<Extract<Request, { op: O }>, 'id' | 'op'>;

export class BenchServer {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  readonly dataDir: string;
  readonly logFile: string;
  url!: URL;
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    dataDir: string,
    logFile: string,
  ) {
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
    child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve(m.result);
    });
    child.once('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`bench server exited (${code})`));
      this.waiting.clear();
    });
  }

  /** The server on an ephemeral port with a fresh SQLite file, talking ESL to `esl` (host:port:password). */
  static async start(esl: string, env: Record<string, string> = {}): Promise<BenchServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'ivrpay-bench-'));
    const logFile = join(dataDir, 'server.log');
    const fd = openSync(logFile, 'a');
    const child = fork(join(ROOT, 'bench/server-process.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)],
      stdio: ['ignore', fd, 'inherit', 'ipc'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        IVRPAY_PORT: '0',
        IVRPAY_DATA_DIR: dataDir,
        IVRPAY_DEMO: 'false',
        IVRPAY_SIMULATOR: 'off',
        IVRPAY_ESL: esl,
        IVRPAY_LOG_LEVEL: 'info',
        IVRPAY_SECRET: randomBytes(32).toString('base64url'),
        IVRPAY_CREDENTIALS_KEY: randomBytes(32).toString('hex'),
        IVRPAY_SANDBOX_LATENCY_MS: '20',
        ...env,
      },
    });
    closeSync(fd);
    const s = new BenchServer(child, dataDir, logFile);
    const url = await new Promise<string>((ok, fail) => {
      child.on('message', (m: { ready?: boolean; url?: string }) => m.ready && ok(m.url!));
      child.once('exit', (code) => fail(new Error(`bench server exited before it was ready (${code}); log: ${logFile}`)));
    });
    s.url = new URL(url);
    return s;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private request<O extends Op>(op: O, args: Args<O>): Promise<unknown> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, op, ...args });
    });
  }

  merchants(count: number, operatorsEach: number, didPrefix: string, settings: Partial<MerchantSettings>): Promise<BenchMerchant[]> {
    return this.request('merchants', { count, operatorsEach, didPrefix, settings }) as Promise<BenchMerchant[]>;
  }

  stats(): Promise<ServerStats> {
    return this.request('stats', {}) as Promise<ServerStats>;
  }

  profileStart(): Promise<unknown> {
    return this.request('profile-start', {});
  }

  profileStop(file: string): Promise<unknown> {
    return this.request('profile-stop', { file });
  }

  /** Everything the server wrote: its log and its SQLite files (for the card-data scan). */
  written(): Buffer[] {
    const db = join(this.dataDir, 'ivrpay.db');
    return [this.logFile, db, `${db}-wal`, `${db}-shm`].filter(existsSync).map((f) => readFileSync(f));
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      await Promise.race([this.request('close', {}).catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
      const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(t);
    }
  }

  /** Removes the scratch folder (after the scan). */
  remove(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
