// Drives one capture like an operator and a customer would: operator starts capture through the API with the
// widget token, the customer keys each field when prompted. Returns the SSE client to assert on.
import type { Field } from '../../server/payments/types.js';
import type { SseClient } from './sse-client.js';
import type { Stack, TestMerchant } from './stack.js';
import type { VirtualPhones } from '../../server/demo/virtual-phone.js';

export interface Run {
  paymentId: string;
  token: string;
  phone: string;
  callId: string;
  sse: SseClient;
}

/** Payment created, customer on the line, capture started; nothing keyed yet. */
export async function startCapture(stack: Stack, m: TestMerchant, over: Record<string, unknown> = {}, callerNumber?: string): Promise<Run> {
  const { payment, token } = await stack.createPayment(m, over);
  const sse = stack.events(payment.id, token);
  await sse.opened;
  const { phone, callId } = await stack.customerCalls(m, callerNumber);
  const res = await stack.api('POST', `/v1/payments/${payment.id}/capture`, token, { callId });
  if (res.status !== 202) throw new Error(`capture: ${res.status} ${JSON.stringify(res.json)}`);
  return { paymentId: payment.id, token, phone, callId, sse };
}

/** Waits until `field` is prompted (attempt n, default: the next prompt not yet seen), then keys `keys`. */
/** Keys on the customer's phone (`phones`: another switch's phones, for a call on another node). */
export async function keyField(stack: Stack, run: Run, field: Field, keys: string, phones: VirtualPhones = stack.phone): Promise<void> {
  await promptedFor(run, field);
  await phones.press(run.phone, keys);
}

const seenPrompts = new WeakMap<Run, number>();
/** Resolves on the next field_prompt for `field` after the last one this run consumed. */
export async function promptedFor(run: Run, field: Field): Promise<void> {
  const after = seenPrompts.get(run) ?? 0;
  const e = await run.sse.waitFor((e) => e.type === 'field_prompt' && e.field === field && e.seq > after, 20_000, `prompt for ${field}`);
  seenPrompts.set(run, e.seq);
}

export async function keyCard(stack: Stack, run: Run, card: { pan: string; exp: string; cvv?: string }, phones: VirtualPhones = stack.phone): Promise<void> {
  await keyField(stack, run, 'pan', card.pan, phones);
  await keyField(stack, run, 'expiry', card.exp, phones);
  if (card.cvv !== undefined) await keyField(stack, run, 'cvv', card.cvv, phones);
}

/** An expiry two years ahead as MMYY. */
export function futureExpiry(): string {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, '0')}${String((d.getFullYear() + 2) % 100).padStart(2, '0')}`;
}
