// Digit latency with N concurrent captures: payments and captures through the HTTP API, customers as loopback calls keying with uuid_send_dtmf, each PAN digit timed from the DTMF event leaving the ESL peer to its SSE `digit` event read by an HTTP client.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomInt } from 'node:crypto';
import type { PaymentEvent } from '../server/payments/types.js';
import type { BenchServer } from './server.js';
import type { EslLite } from './esl-lite.js';
import { HttpJson } from './http.js';
import { SseReader } from './sse-reader.js';
import { nsToMs, pool, round, sleep, summarize, type Summary } from './stats.js';
import { busyPctOfCore, machineCpu } from './machine.js';

/** Where the customers' calls are: the bench's own simulator (DTMF writes seen through its hook) or a real FreeSWITCH. */
export interface SwitchUnderTest {
  kind: 'simulator' | 'freeswitch';
  /** the ESL connection the customers' phones use (originate, uuid_send_dtmf, uuid_kill) */
  phone: EslLite;
  /**
   * simulator: set by the scenario; the simulator's onEventWritten calls it for each DTMF event written to the server.
   * freeswitch: the bench's own observer connection (subscribed to DTMF) calls it when the event arrives.
   */
  dtmf: { handler: ((uuid: string, at: bigint) => void) | null };
  /** originates per second the switch takes (a loopback call is 2 sessions, its operator leg 2 more) */
  originatesPerSecond: number;
}

export interface LatencyOptions {
  captures: number;
  /**
   * human: one digit every `digitIntervalMs`, each capture starting at a random moment within one card's keying time
   * (16 × interval), as independent callers would; in-step: starting within one digit interval, so every capture keys
   * its 1st digit (stops the prompt) and its 16th (card number complete, next prompt) in the same 250 ms — worst case;
   * burst: all 16 digits in one uuid_send_dtmf, the bursts spread over 16 × interval.
   */
  pace: 'human' | 'in-step' | 'burst';
  /** human pace: one digit every this many ms (burst: the bursts are spread over 16 × this) */
  digitIntervalMs?: number;
  /** captures per merchant (each merchant has one number and this many operators) */
  perMerchant?: number;
  /** write a CPU profile of the server over the keying window */
  profileFile?: string;
  /** how long to wait for digits after the last one was keyed */
  drainMs?: number;
}

export interface LatencyResult {
  target: SwitchUnderTest['kind'];
  captures: number;
  pace: LatencyOptions['pace'];
  /** perSecond: over the keying window; peakPerSecond: the busiest second of keying */
  digits: { expected: number; measured: number; missing: number; perSecond: number; peakPerSecond: number };
  /** the headline: DTMF event leaving the ESL peer → SSE `digit` event read by the HTTP client, ms */
  latencyMs: Summary;
  /** uuid_send_dtmf written → DTMF event leaving the peer (the switch's own share; the simulator models 0–20 ms frames) */
  switchMs: Summary;
  /** uuid_send_dtmf written → SSE event read */
  keyToSseMs: Summary;
  /** p99 of the headline latency for the 1st … 16th digit (the first and last digits carry the prompt stop, the checks and the next field) */
  byDigitP99Ms: number[];
  /** cpuUsPerDigit: the server's CPU time over the keying window per digit keyed (steadier than latency on a shared machine) */
  server: { cpuPct: number; cpuUsPerDigit: number; loopDelayP99Ms: number; loopDelayMaxMs: number; rssMb: number };
  bench: { cpuPct: number; loopDelayP99Ms: number };
  /** the whole machine over the keying window, % of one core; `otherPct` = what neither bench process used (other load) */
  machine: { busyPct: number; otherPct: number };
  setupS: number;
  keyingS: number;
  errors: string[];
}

interface Capture {
  index: number;
  merchant: { id: string; apiKey: string; did: string };
  callerNumber: string;
  pan: string;
  paymentId: string;
  token: string;
  phone: string;
  callId: string;
  sse: SseReader | null;
  sent: bigint[];
  written: bigint[];
  read: bigint[];
  prompted: Promise<void>;
  onPrompt: () => void;
  fieldErrors: number;
}

const PAN_LENGTH = 16;

/** A random 16-digit Visa-range number that passes Luhn (never a real card; never printed or stored by the bench). */
function randomPan(): string {
  let body = '411111';
  while (body.length < PAN_LENGTH - 1) body += String(randomInt(10));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

let scenarioSeq = 0;

export async function runLatency(server: BenchServer, sw: SwitchUnderTest, opts: LatencyOptions, pans: Set<string>): Promise<LatencyResult> {
  const n = opts.captures;
  const interval = opts.digitIntervalMs ?? 250;
  const perMerchant = opts.perMerchant ?? 100;
  const seq = ++scenarioSeq;
  const errors: string[] = [];
  const api = new HttpJson(server.url, 64);
  const t0 = performance.now();

  // merchants: one number and `perMerchant` operators each; the card only (no amount read-back), patient first-digit timer
  const didPrefix = `0${String(randomInt(1000, 9999))}${String(seq % 10)}`;
  const merchants = await server.merchants(Math.ceil(n / perMerchant), perMerchant, didPrefix, { confirmAmount: false, firstDigitTimeoutMs: 60_000 });

  const captures: Capture[] = [];
  const byCall = new Map<string, Capture>();
  const callerPrefix = `090${String(randomInt(1000, 9999))}`;
  for (let i = 0; i < n; i++) {
    let onPrompt!: () => void;
    const prompted = new Promise<void>((r) => (onPrompt = r));
    const pan = randomPan();
    pans.add(pan);
    captures.push({
      index: i,
      merchant: merchants[Math.floor(i / perMerchant)]!,
      callerNumber: `${callerPrefix}${String(i).padStart(4, '0')}`,
      pan,
      paymentId: '',
      token: '',
      phone: '',
      callId: '',
      sse: null,
      sent: [],
      written: [],
      read: [],
      prompted,
      onPrompt,
      fieldErrors: 0,
    });
  }

  try {
    let received = 0;
    let allReceived!: () => void;
    const done = new Promise<void>((r) => (allReceived = r));
    const onEvent = (c: Capture) => (e: PaymentEvent, at: bigint) => {
      if (e.type === 'digit' && e.field === 'pan' && e.entered) {
        if (c.read[e.entered - 1] === undefined) {
          c.read[e.entered - 1] = at;
          if (++received === n * PAN_LENGTH) allReceived();
        }
      } else if (e.type === 'field_prompt' && e.field === 'pan') c.onPrompt();
      else if (e.type === 'field_error') c.fieldErrors++;
    };

    // the calls the server sees, polled per merchant (GET /v1/calls), matched by the caller's number
    const waitingCalls = new Map<string, (callId: string) => void>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const pendingMerchants = new Set<string>();
        for (const c of captures) if (c.phone && !c.callId) pendingMerchants.add(c.merchant.id);
        for (const m of merchants.filter((x) => pendingMerchants.has(x.id))) {
          const { json } = await api.request<{ calls: { id: string; caller: string; operatorConnected: boolean }[] }>('GET', '/v1/calls', m.apiKey);
          for (const call of json.calls) {
            if (!call.operatorConnected) continue;
            const w = waitingCalls.get(call.caller);
            if (w) {
              waitingCalls.delete(call.caller);
              w(call.id);
            }
          }
        }
        await sleep(150);
      }
    })();

    // originates paced for the switch (sessions-per-second), everything else as fast as the server answers
    let nextOriginateAt = performance.now();
    const originateGap = 1000 / sw.originatesPerSecond;
    await pool(captures, 64, async (c) => {
      const created = await api.request('POST', '/v1/payments', c.merchant.apiKey, { orderId: `B${seq}-${c.index}-${randomInt(1e9)}`, amount: 1200, currency: 'JPY', job: 'auth' });
      if (created.status !== 201) throw new Error(`create payment: ${created.status} ${JSON.stringify(created.json)}`);
      c.paymentId = created.json.payment.id;
      c.token = created.json.widgetToken;
      c.sse = new SseReader(server.url, c.paymentId, c.token, onEvent(c));
      await c.sse.open();
      const wait = nextOriginateAt - performance.now();
      nextOriginateAt = Math.max(performance.now(), nextOriginateAt) + originateGap;
      if (wait > 0) await sleep(wait);
      const callId = new Promise<string>((r) => waitingCalls.set(c.callerNumber, r));
      const body = (await sw.phone.bgapi(`originate {origination_caller_id_number=${c.callerNumber},origination_caller_id_name=customer}loopback/${c.merchant.did}/ivrpay &park()`)).trim();
      if (!body.startsWith('+OK ')) throw new Error(`originate: ${body}`);
      c.phone = body.slice(4).trim();
      c.callId = await withTimeout(callId, 60_000, 'the call to reach its room with an operator');
      byCall.set(c.callId, c);
      const started = await api.request('POST', `/v1/payments/${c.paymentId}/capture`, c.token, { callId: c.callId });
      if (started.status !== 202) throw new Error(`capture: ${started.status} ${JSON.stringify(started.json)}`);
      await withTimeout(c.prompted, 30_000, 'the card-number prompt');
    }).finally(() => {
      polling = false;
    });
    await poller;
    const setupS = (performance.now() - t0) / 1000;

    // keying: every capture concurrently, each from a random moment (see LatencyOptions.pace)
    sw.dtmf.handler = (uuid, at) => byCall.get(uuid)?.written.push(at);
    const benchDelay = monitorEventLoopDelay({ resolution: 10 });
    await server.stats(); // resets the server's loop-delay histogram
    if (opts.profileFile) await server.profileStart();
    const before = await server.stats();
    const benchCpu0 = process.cpuUsage();
    const machine0 = machineCpu();
    benchDelay.enable();
    const k0 = performance.now();
    const keyStart = process.hrtime.bigint();
    const start = k0 + 100;
    const sends: Promise<unknown>[] = [];
    const send = (c: Capture, digits: string) => {
      const at = process.hrtime.bigint();
      for (let i = 0; i < digits.length; i++) c.sent.push(at);
      sends.push(
        sw.phone.api(`uuid_send_dtmf ${c.phone} ${digits}@100`).then((r) => {
          if (!r.startsWith('+OK')) errors.push(`uuid_send_dtmf: ${r.trim().slice(0, 80)}`);
        }),
      );
    };
    let lastSendAt = start;
    for (const c of captures) {
      if (opts.pace === 'burst') {
        const at = start + Math.random() * interval * PAN_LENGTH;
        lastSendAt = Math.max(lastSendAt, at);
        setTimeout(() => send(c, c.pan), at - performance.now());
      } else {
        const phase = Math.random() * interval * (opts.pace === 'in-step' ? 1 : PAN_LENGTH);
        const keyNext = (j: number) => {
          send(c, c.pan[j]!);
          if (j + 1 < PAN_LENGTH) setTimeout(() => keyNext(j + 1), start + phase + (j + 1) * interval - performance.now());
        };
        lastSendAt = Math.max(lastSendAt, start + phase + (PAN_LENGTH - 1) * interval);
        setTimeout(() => keyNext(0), start + phase - performance.now());
      }
    }
    await sleep(lastSendAt - performance.now());
    await Promise.race([done, sleep(opts.drainMs ?? 10_000)]);
    const k1 = performance.now();
    const after = await server.stats();
    const benchCpu = process.cpuUsage(benchCpu0);
    const machine1 = machineCpu();
    benchDelay.disable();
    if (opts.profileFile) await server.profileStop(opts.profileFile);
    sw.dtmf.handler = null;
    await Promise.allSettled(sends);

    // digit k of a capture: its k-th DTMF event written ↔ its SSE digit event with entered = k
    const latency: number[] = [];
    const byDigit: number[][] = Array.from({ length: PAN_LENGTH }, () => []);
    const switchShare: number[] = [];
    const perSecond = new Map<number, number>();
    const keyToSse: number[] = [];
    let measured = 0;
    for (const c of captures) {
      for (let k = 0; k < PAN_LENGTH; k++) {
        const sent = c.sent[k];
        const written = c.written[k];
        const read = c.read[k];
        if (sent !== undefined && written !== undefined) switchShare.push(nsToMs(written - sent));
        if (sent !== undefined) {
          const second = Math.floor(nsToMs(sent - keyStart) / 1000);
          perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
        }
        if (read === undefined) continue;
        measured++;
        if (written !== undefined) {
          latency.push(nsToMs(read - written));
          byDigit[k]!.push(nsToMs(read - written));
        }
        if (sent !== undefined) keyToSse.push(nsToMs(read - sent));
      }
      if (c.fieldErrors) errors.push(`capture ${c.index}: ${c.fieldErrors} field error(s)`);
    }
    const wallS = (k1 - k0) / 1000;
    const serverCpuS = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1e6;
    const serverPct = round((100 * serverCpuS) / wallS, 0);
    const benchPct = round((100 * (benchCpu.user + benchCpu.system)) / 1e6 / wallS, 0);
    const machinePct = busyPctOfCore(machine0, machine1);
    return {
      target: sw.kind,
      captures: n,
      pace: opts.pace,
      digits: { expected: n * PAN_LENGTH, measured, missing: n * PAN_LENGTH - measured, perSecond: round(measured / wallS, 0), peakPerSecond: Math.max(0, ...perSecond.values()) },
      latencyMs: summarize(latency),
      switchMs: summarize(switchShare),
      keyToSseMs: summarize(keyToSse),
      byDigitP99Ms: byDigit.map((d) => summarize(d).p99),
      server: { cpuPct: serverPct, cpuUsPerDigit: round((serverCpuS * 1e6) / Math.max(1, measured), 0), loopDelayP99Ms: round(after.loopDelay.p99), loopDelayMaxMs: round(after.loopDelay.max), rssMb: after.rssMb },
      bench: { cpuPct: benchPct, loopDelayP99Ms: round(benchDelay.percentile(99) / 1e6) },
      machine: { busyPct: machinePct, otherPct: Math.max(0, machinePct - serverPct - benchPct) },
      setupS: round(setupS),
      keyingS: round(wallS),
      errors,
    };
  } finally {
    // hang up every customer; the server ends the captures (abandoned) and the operator legs
    sw.dtmf.handler = null;
    await pool(
      captures.filter((c) => c.phone),
      64,
      (c) => sw.phone.api(`uuid_kill ${c.phone}`).catch(() => ''),
    );
    for (const c of captures) c.sse?.close();
    api.close();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = await server.stats().catch(() => null);
      if (!s || (s.activeCaptures === 0 && s.liveCalls === 0)) break;
      if (Date.now() > deadline) {
        errors.push(`after hang-up: ${s.activeCaptures} captures, ${s.liveCalls} calls still live`);
        break;
      }
      await sleep(200);
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}
