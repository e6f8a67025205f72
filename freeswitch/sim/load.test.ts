// Load: 500 concurrent customer calls in rooms, 16 digits each, over one ESL connection.
import { afterEach, describe, expect, it } from 'vitest';
import { eventHeader } from './testing/esl-client.js';
import { CALL_EVENTS, rig, type Rig } from './testing/harness.js';

let r: Rig | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const CALLS = 500;
const DIGITS = '1234567890123456';
const aLeg = (i: number) => `0d000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('load', () => {
  it(`${CALLS} concurrent customer calls in their rooms, 16 digits each, all hung up`, { timeout: 60_000 }, async () => {
    r = await rig({}, CALL_EVENTS);
    const c = r.c;
    c.keep = false;
    let events = 0;
    let adds = 0;
    let jobs = 0;
    let dtmf = 0;
    let gone = 0;
    const digitsPerLeg = new Map<string, string>();
    let wake: (() => void)[] = [];
    c.onMessage = (m) => {
      if (!m.event) return;
      events++;
      const name = eventHeader(m, 'Event-Name');
      const action = eventHeader(m, 'Action');
      if (action === 'add-member') adds++;
      else if (name === 'BACKGROUND_JOB') jobs++;
      else if (name === 'CHANNEL_HANGUP_COMPLETE') gone++;
      else if (name === 'DTMF') {
        dtmf++;
        const u = eventHeader(m, 'Unique-ID')!;
        digitsPerLeg.set(u, (digitsPerLeg.get(u) ?? '') + eventHeader(m, 'DTMF-Digit'));
      }
      const w = wake;
      wake = [];
      for (const f of w) f();
    };
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => (done() ? resolve() : wake.push(check));
        check();
      });

    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) c.send(`bgapi originate {origination_uuid=${aLeg(i)}}loopback/03${String(i).padStart(8, '0')}/ivrpay &park()\n\n`);
    await until(() => adds >= CALLS && jobs >= CALLS);
    expect(r.sim.channelCount()).toBe(2 * CALLS);
    const t1 = performance.now();
    for (let i = 0; i < CALLS; i++) c.send(`api uuid_send_dtmf ${aLeg(i)} ${DIGITS}\n\n`);
    await until(() => dtmf >= 16 * CALLS);
    const t2 = performance.now();
    c.send('api hupall\n\n');
    await until(() => gone >= 2 * CALLS);
    const t3 = performance.now();

    expect(digitsPerLeg.size).toBe(CALLS);
    expect([...digitsPerLeg.values()].every((d) => d === DIGITS)).toBe(true);
    expect(r.sim.channelCount()).toBe(0);
    const seconds = (t3 - t0) / 1000;
    const perSecond = Math.round(events / seconds);
    console.log(
      `load: ${CALLS} calls, ${events} events in ${seconds.toFixed(2)} s (${perSecond} events/s through a parsing client); ` +
        `setup ${Math.round(t1 - t0)} ms, ${16 * CALLS} digits ${Math.round(t2 - t1)} ms, hang-up ${Math.round(t3 - t2)} ms`,
    );
    expect(seconds).toBeLessThan(20);
  });
});
