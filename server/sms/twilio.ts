// A real SMS provider over HTTPS: Twilio's Programmable Messaging REST API (POST
// /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To/From/Body, HTTP basic auth with the account SID and
// auth token; errors as JSON {code, message, status}). Used as documented at twilio.com/docs/messaging/api/message-resource.
// The body (it holds the code) never reaches a log or an error message.
import { SmsError, type SmsMessage, type SmsProvider } from './types.js';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** the sender: a Twilio number in E.164 or an alphanumeric sender id */
  from: string;
  /** default https://api.twilio.com; tests point it at a local server */
  baseUrl?: string;
  timeoutMs?: number;
}

export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';

  constructor(private readonly o: TwilioOptions) {}

  async send(message: SmsMessage, signal: AbortSignal): Promise<string> {
    const url = `${this.o.baseUrl ?? 'https://api.twilio.com'}/2010-04-01/Accounts/${encodeURIComponent(this.o.accountSid)}/Messages.json`;
    const timeout = AbortSignal.timeout(this.o.timeoutMs ?? 10_000);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.o.accountSid}:${this.o.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: message.to, From: this.o.from, Body: message.body }),
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (err) {
      throw new SmsError(`the SMS provider could not be reached (${(err as Error).name})`);
    }
    const json = (await res.json().catch(() => ({}))) as { sid?: string; code?: number; message?: string };
    if (!res.ok || !json.sid) {
      throw new SmsError(`the SMS provider refused the message (HTTP ${res.status}${json.code ? `, code ${json.code}` : ''})`, json.code ? String(json.code) : null);
    }
    return json.sid;
  }
}
