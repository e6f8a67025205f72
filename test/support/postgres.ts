// A scratch Postgres for the test suite: Debian's postgresql binaries, initdb'd into a temporary folder as a non-root
// user (postgres when the tests run as root), listening on 127.0.0.1 at a free port and on a socket in that folder;
// one database per Stack. Started once per run by the vitest global setup; gone with the folder at the end.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_BIN = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'].find((d) => existsSync(join(d, 'initdb'))) ?? null;

export interface ScratchPostgres {
  /** postgres://… of the maintenance database (CREATE DATABASE runs there) */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startScratchPostgres(): Promise<ScratchPostgres> {
  if (!PG_BIN) throw new Error("Postgres is not installed (Debian: apt-get install -y postgresql)");
  const root = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'ivrpay-pg-'));
  const dataDir = join(dir, 'data');
  // as root, the server runs as the postgres user (it refuses root): the child gets its uid and gid directly, so a
  // signal to it reaches the postmaster (a runuser in between would not pass SIGINT on)
  const ids = root ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};
  if (root) chownSync(dir, ids.uid!, ids.gid!);
  const password = randomBytes(12).toString('hex');
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, password, { mode: 0o600 });
  if (root) chownSync(pwFile, ids.uid!, ids.gid!);
  // C collation: text sorts by bytes, as SQLite sorts it (ISO timestamps, ids)
  execFileSync(join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'ivrpay', '--pwfile', pwFile, '-A', 'scram-sha-256', '--locale=C', '-E', 'UTF8', '--no-sync'], { stdio: 'pipe', cwd: dir, ...ids });
  const port = await freePort();
  // fsync off (a scratch server), but synchronous_commit stays on: each commit is in the WAL file when it returns, so
  // the tests' scan of what was written (Stack.written) sees every committed change
  const proc: ChildProcess = spawn(
    join(PG_BIN, 'postgres'),
    ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB'],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...ids },
  );
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `postgres://ivrpay:${password}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client(url);
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      await c.end().catch(() => {});
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`scratch Postgres did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    dataDir,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new empty database on the scratch server: its URL and its folder under base/ (to scan what was written). */
export async function createDatabase(adminUrl: string): Promise<{ url: string; name: string; oid: number }> {
  const name = `ivrpay_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client(adminUrl);
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    const { rows } = await c.query('SELECT oid FROM pg_database WHERE datname = $1', [name]);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), name, oid: Number(rows[0].oid) };
  } finally {
    await c.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client(adminUrl);
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
