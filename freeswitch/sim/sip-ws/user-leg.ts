// `originate user/<name>` in the simulator, as mod_dptools + sofia do it: the directory must know the user
// (else SUBSCRIBER_ABSENT), a registration must exist (else USER_NOT_REGISTERED); then one outbound leg rings the browser
// over the SIP WebSocket and is answered, rejected, canceled or hung up as the browser and the switch decide.
import type { OriginateRequest, OriginateResult } from '../originate.js';
import { awaitAnswer } from '../originate.js';
import type { Switch, UserEndpoints } from '../switch.js';
import type { SipHeaders } from './message.js';
import { lookupUser, type DirectoryBinding } from './directory.js';
import type { SipWsEndpoint } from './endpoint.js';

/** sofia_glue_sip_cause_to_freeswitch for the answers a browser gives. */
export function causeForStatus(status: number): string {
  switch (status) {
    case 404:
    case 485:
    case 604:
      return 'UNALLOCATED_NUMBER';
    case 408:
      return 'RECOVERY_ON_TIMER_EXPIRE';
    case 480:
      return 'NO_USER_RESPONSE';
    case 486:
    case 600:
      return 'USER_BUSY';
    case 487:
      return 'ORIGINATOR_CANCEL';
    case 488:
    case 606:
      return 'INCOMPATIBLE_DESTINATION';
    case 503:
      return 'NORMAL_TEMPORARY_FAILURE';
    case 603:
      return 'CALL_REJECTED';
    default:
      return status >= 500 ? 'NORMAL_TEMPORARY_FAILURE' : 'CALL_REJECTED';
  }
}

export class SipUsers implements UserEndpoints {
  constructor(
    private readonly endpoint: SipWsEndpoint,
    /** the xml_curl binding currently configured (none: every user is unknown) */
    private readonly directory: () => DirectoryBinding | null,
  ) {}

  originate(sw: Switch, req: OriginateRequest, user: string, onResult: (r: OriginateResult) => void): void {
    const [name = '', domain = this.endpoint.domain] = user.split('@');
    void (async () => {
      const binding = this.directory();
      const found = binding ? await lookupUser(binding, { action: 'user_call', user: name, domain }) : null;
      if (!found) return onResult({ ok: false, cause: 'SUBSCRIBER_ABSENT' });
      if (!this.endpoint.registrations(name).length) return onResult({ ok: false, cause: 'USER_NOT_REGISTERED' });
      const vars = req.dial.vars;
      const leg = sw.createEndpointLeg(`sofia/ivrpay-webrtc/${name}@${domain}`, name, vars);
      const headers: SipHeaders = vars.filter(([k]) => k.startsWith('sip_h_')).map(([k, v]) => [k.slice(6), v]);
      const get = (k: string) => vars.find(([n]) => n === k)?.[1];
      const settle = awaitAnswer(sw, leg, req, onResult);
      const call = this.endpoint.call(name, { number: get('origination_caller_id_number') ?? '', name: get('origination_caller_id_name') ?? '' }, headers, {
        ringing: () => {
          leg.callState = 'RINGING';
        },
        answered: () => sw.answer(leg),
        failed: (status) => sw.hangup(leg, causeForStatus(status)),
        ended: () => sw.hangup(leg, 'NORMAL_CLEARING'),
      });
      if (!call) {
        sw.hangup(leg, 'USER_NOT_REGISTERED');
        return settle();
      }
      leg.onHangup = () => call.hangup();
      settle();
    })();
  }
}
