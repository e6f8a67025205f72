// On a real FreeSWITCH only (IVRPAY_TEST_ESL): after a payment, the switch's own log, its CDR files and the
// channel variables of every leg hold none of the card digits. Point IVRPAY_TEST_FS_LOGS at the switch's log
// folder (run-freeswitch.sh: /tmp/fs-run/log, the default).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Stack, findCardNumbers, onSimulator, until } from '../support/stack.js';
import { futureExpiry, keyCard, startCapture } from '../support/payment-run.js';

const LOGS = process.env.IVRPAY_TEST_FS_LOGS ?? '/tmp/fs-run/log';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe.skipIf(onSimulator)('FreeSWITCH itself keeps no card digits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('log, CDRs and channel variables after a payment', async () => {
    const m = await stack.merchant();
    const run = await startCapture(stack, m);
    const call = stack.ivr.calls.get(run.callId)!;
    const legs = [run.phone, run.callId, ...call.operators.keys()];
    await keyCard(stack, run, { pan: '4111111111111111', exp: futureExpiry(), cvv: '987' });
    await run.sse.waitForType('approved');
    await run.sse.waitForType('conversation_restored');

    const dumps = await Promise.all(legs.map((uuid) => stack.ivr.fs.first.esl.api(`uuid_dump ${uuid}`)));
    expect(dumps.join('').length).toBeGreaterThan(1000);
    expect(findCardNumbers(dumps.join('\n'))).toEqual([]);

    await stack.phone.hangUp(run.phone);
    await until(() => !stack.ivr.calls.get(run.callId), 10_000, 'the call to end');
    await new Promise((r) => setTimeout(r, 1_500)); // CDR written at hang-up
    const files = filesUnder(LOGS);
    expect(files.some((f) => f.endsWith('freeswitch.log')), `no freeswitch.log under ${LOGS}`).toBe(true);
    expect(files.some((f) => f.endsWith('.csv')), `no CDR under ${LOGS}`).toBe(true);
    const written = files.map((f) => readFileSync(f, 'latin1')).join('\n');
    expect(findCardNumbers(written)).toEqual([]);
    // digits one at a time: the lines FreeSWITCH logs per DTMF below NOTICE (FREESWITCH-NOTES "Where digits leak")
    const log = files.filter((f) => f.endsWith('.log')).map((f) => readFileSync(f, 'latin1')).join('\n');
    expect(log).not.toMatch(/RECV DTMF|DTMF DETECTED|send dtmf digit|Enqueuing RFC2833|INFO DTMF\(|Digit [0-9*#]/);
    expect(findCardNumbers(stack.written())).toEqual([]);
  });
});
