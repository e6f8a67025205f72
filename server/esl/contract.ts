// The names shared by the server, freeswitch/conf and the ESL simulator: change one, change all three.

/** mod_conference profile every per-call room uses (freeswitch/conf/autoload_configs/conference.conf.xml). */
export const CONFERENCE_PROFILE = 'ivrpay';

/** A call's room is `ivrpay-<customer channel uuid>`; the customer is the member whose uuid ends the name. */
export const ROOM_PREFIX = 'ivrpay-';

/** Dialplan context that trunks and merchant DIDs land in: any number → a per-call room. */
export const CONTEXT_INBOUND = 'ivrpay';

/** Dialplan context of loopback endpoints used by the test suite and the demo's virtual phones. */
export const CONTEXT_TEST = 'ivrpay-test';

/** Extension in CONTEXT_TEST that answers and parks: an auto-answer phone for operator legs in tests. */
export const TEST_PHONE_EXTENSION = 'ivrpay_phone';

/** Channel variables the dialplan and the server set. Never digits. */
export const VAR = {
  role: 'ivrpay_role', // 'customer' | 'operator'
  did: 'ivrpay_did', // the dialed merchant number (customer leg)
  call: 'ivrpay_call', // call id (operator leg)
  operator: 'ivrpay_operator', // operator id (operator leg)
  recordPath: 'ivrpay_record_path', // set by a dialplan that records the customer leg
  requestedBy: 'ivrpay_requested_by', // operator id that placed a click-to-call (customer leg of an outbound call)
} as const;

/** Prompt file names under `<sounds>/ivrpay/<lang>/<name>.wav` (conference profile sound-prefix = <sounds>/ivrpay). */
export const PROMPTS = [
  'card-number',
  'expiry',
  'security-code',
  'security-code-amex',
  'invalid',
  'no-input',
  'brand-not-accepted',
  'card-expired',
  'too-many-attempts',
  'please-wait',
  'approved',
  'registered',
  'declined',
  'canceled',
  'technical-error',
  'returning',
  // transfer mode: the payment IVR on an `ivr` DID
  'welcome',
  'enter-id',
  'id-invalid',
  'id-failed',
  'caller-not-allowed',
  'busy',
  'goodbye',
  // SMS identity check
  'sms-code',
  'sms-invalid',
  'sms-failed',
  // how the customer pays (menu after the card)
  'method-lump',
  'method-installments',
  'method-bonus',
  'method-revolving',
  'method-press',
  'method-invalid',
  'installments-count',
  'installments-invalid',
  // cancel by phone (the cancel line)
  'cancel-welcome',
  'enter-slip',
  'slip-invalid',
  'enter-last4',
  'enter-amount',
  'check-invalid',
  'cancel-confirm',
  'cancel-done',
  'cancel-not-possible',
  'cancel-failed',
  // amount read-back, around the number words (numberPrompt)
  'confirm-amount',
  'confirm-card',
  'confirm-press',
] as const;
export type PromptName = (typeof PROMPTS)[number];

export const PROMPT_LANGS = ['ja', 'en'] as const;
export type PromptLang = (typeof PROMPT_LANGS)[number];

/**
 * Masking sound played to the caller's side while digits are keyed in a three-way call (transfer mode): noise plus
 * a chord of all eight DTMF frequencies, so a PBX or ear on the operator's side cannot pick clean tones out of it.
 * Language-independent, under the same sound-prefix.
 */
export const MASK_FILE = 'mask.wav';

/** Path handed to `conference <room> play`, relative to the profile's sound-prefix. */
export function promptPath(lang: PromptLang, name: PromptName): string {
  return `${lang}/${name}.wav`;
}

/** The prompt that says one number word of server/ivr/say-amount.ts ("num-hachi-hyaku"). */
export function numberPrompt(word: string): string {
  return `num-${word}`;
}

export function roomName(customerUuid: string): string {
  return ROOM_PREFIX + customerUuid;
}
