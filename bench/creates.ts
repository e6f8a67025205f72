// Create-payment throughput: POST /v1/payments with the merchant's API key from C concurrent keep-alive connections for a fixed time, every order id new.
import { randomInt } from 'node:crypto';
import type { BenchServer } from './server.js';
import { HttpJson } from './http.js';
import { busyPctOfCore, machineCpu } from './machine.js';
import { round, summarize, type Summary } from './stats.js';

export interface CreatesOptions {
  connections?: number;
  warmupMs?: number;
  durationMs?: number;
}

export interface CreatesResult {
  store: 'sqlite';
  connections: number;
  perSecond: number;
  requests: number;
  failed: number;
  latencyMs: Summary;
  server: { cpuPct: number };
  bench: { cpuPct: number };
  machine: { busyPct: number; otherPct: number };
}

export async function runCreates(server: BenchServer, opts: CreatesOptions = {}): Promise<CreatesResult> {
  const connections = opts.connections ?? 32;
  const [merchant] = await server.merchants(1, 0, `0${randomInt(100000, 999999)}`, {});
  const http = new HttpJson(server.url, connections);
  const run = `C${randomInt(1e9).toString(36)}`;
  let seq = 0;
  let measuring = false;
  let stop = false;
  let ok = 0;
  let failed = 0;
  const times: number[] = [];
  const worker = async () => {
    while (!stop) {
      const t = performance.now();
      const res = await http.request('POST', '/v1/payments', merchant!.apiKey, { orderId: `${run}-${++seq}`, amount: 12800, currency: 'JPY', job: 'auth' });
      if (!measuring) continue;
      if (res.status === 201) {
        ok++;
        times.push(performance.now() - t);
      } else failed++;
    }
  };
  const workers = Array.from({ length: connections }, worker);
  await new Promise((r) => setTimeout(r, opts.warmupMs ?? 1_500));
  const before = await server.stats();
  const cpu0 = process.cpuUsage();
  const m0 = machineCpu();
  const t0 = performance.now();
  measuring = true;
  await new Promise((r) => setTimeout(r, opts.durationMs ?? 5_000));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const after = await server.stats();
  const cpu = process.cpuUsage(cpu0);
  const m1 = machineCpu();
  stop = true;
  await Promise.all(workers);
  http.close();
  const serverPct = round((100 * (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system)) / 1e6 / seconds, 0);
  const benchPct = round((100 * (cpu.user + cpu.system)) / 1e6 / seconds, 0);
  const busy = busyPctOfCore(m0, m1);
  return {
    store: 'sqlite',
    connections,
    perSecond: round(ok / seconds, 0),
    requests: ok,
    failed,
    latencyMs: summarize(times),
    server: { cpuPct: serverPct },
    bench: { cpuPct: benchPct },
    machine: { busyPct: busy, otherPct: Math.max(0, busy - serverPct - benchPct) },
  };
}
