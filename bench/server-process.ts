// The bench's server: one ivrpay (startIvrpay, configured from IVRPAY_*) alone in this child process, set up, sampled and profiled over IPC.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../server/config.js';
import { startIvrpay } from '../server/ivrpay.js';
import { CONTEXT_TEST, TEST_PHONE_EXTENSION } from '../server/esl/contract.js';
import type { MerchantSettings } from '../server/merchants/settings.js';

export type Request =
  | { id: number; op: 'merchants'; count: number; operatorsEach: number; didPrefix: string; settings: Partial<MerchantSettings> }
  | { id: number; op: 'stats' }
  | { id: number; op: 'profile-start' }
  | { id: number; op: 'profile-stop'; file: string }
  | { id: number; op: 'close' };

export interface BenchMerchant {
  id: string;
  apiKey: string;
  did: string;
}

export interface ServerStats {
  /** process.cpuUsage() in µs */
  cpu: { user: number; system: number };
  /** performance.eventLoopUtilization() */
  elu: { idle: number; active: number; utilization: number };
  /** event-loop delay since the previous stats call, ms */
  loopDelay: { p50: number; p99: number; max: number };
  activeCaptures: number;
  liveCalls: number;
  rssMb: number;
}

const ivr = await startIvrpay(loadConfig(process.env));
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let profiler: Session | null = null;

const reply = (id: number, result: unknown) => process.send!({ id, result });

process.on('message', (m: Request) => {
  void handle(m).then(
    (result) => reply(m.id, result),
    (err: Error) => process.send!({ id: m.id, error: err.message }),
  );
});

async function handle(m: Request): Promise<unknown> {
  switch (m.op) {
    case 'merchants': {
      const out: BenchMerchant[] = [];
      for (let i = 0; i < m.count; i++) {
        // awaited: the stores answer synchronously on SQLite, and may not on other storage
        const merchant = await ivr.merchants.create(`Bench merchant ${m.didPrefix}-${i}`, m.settings);
        const did = `${m.didPrefix}${String(i).padStart(4, '0')}`;
        await ivr.merchants.addDid(merchant.id, did);
        for (let o = 0; o < m.operatorsEach; o++) await ivr.merchants.addOperator(merchant.id, `Operator ${o}`, `loopback/${TEST_PHONE_EXTENSION}/${CONTEXT_TEST}`);
        out.push({ id: merchant.id, apiKey: (await ivr.keys.create(merchant.id)).key, did });
      }
      return out;
    }
    case 'stats': {
      const s: ServerStats = {
        cpu: process.cpuUsage(),
        elu: performance.eventLoopUtilization(),
        loopDelay: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
        activeCaptures: ivr.capture.active,
        liveCalls: ivr.calls.all().length,
        rssMb: Math.round(process.memoryUsage().rss / 1048576),
      };
      delay.reset();
      return s;
    }
    case 'profile-start': {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
      return true;
    }
    case 'profile-stop': {
      if (!profiler) throw new Error('no profile running');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      writeFileSync(m.file, JSON.stringify(profile));
      return m.file;
    }
    case 'close': {
      await ivr.close();
      setImmediate(() => process.exit(0));
      return true;
    }
  }
}

process.send!({ ready: true, url: ivr.url });
