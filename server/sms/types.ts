// The SMS provider contract (identity check by one-time code): send one text message, get the provider's id back.
// Providers never log the message body (it holds the code).

export interface SmsMessage {
  /** E.164 (+8190…) */
  to: string;
  body: string;
}

export interface SmsProvider {
  readonly name: string;
  /** Sends; resolves with the provider's message id, rejects with SmsError when the provider refused it. */
  send(message: SmsMessage, signal: AbortSignal): Promise<string>;
}

export class SmsError extends Error {
  constructor(
    message: string,
    /** the provider's own error code, when it gave one */
    readonly providerCode: string | null = null,
  ) {
    super(message);
  }
}

/** A Japanese national number (090…) in E.164 (+8190…); numbers already in E.164 stay as they are; null if unusable. */
export function toE164(number: string, countryCode = '81'): string | null {
  const n = number.replace(/[^0-9+]/g, '');
  if (/^\+[1-9][0-9]{7,14}$/.test(n)) return n;
  if (/^0[0-9]{9,10}$/.test(n)) return `+${countryCode}${n.slice(1)}`;
  return null;
}
