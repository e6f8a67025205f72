// Where browsers reach FreeSWITCH for SIP over WebSocket, and the SIP domain they register in: from the configuration,
// else the simulator's endpoint, else asked from FreeSWITCH's own variables (ivrpay_sip_ip, ivrpay_ws_port, domain)
// each time the Event Socket comes up.
import type { Switches } from '../esl/switches.js';
import type { Logger } from '../log/logger.js';

export interface SipEndpoint {
  wsUrl: string;
  domain: string;
}

export class SipEndpointInfo {
  private discovered: Partial<SipEndpoint> = {};

  constructor(
    fs: Switches,
    private readonly configured: { wsUrl: string | null; domain: string | null },
    private readonly simulator: SipEndpoint | null,
    log: Logger,
  ) {
    if (simulator || (configured.wsUrl && configured.domain)) return;
    fs.on('up', () => {
      void (async () => {
        const [ip, port, domain] = await Promise.all([fs.globalVar('ivrpay_sip_ip'), fs.globalVar('ivrpay_ws_port'), fs.globalVar('domain')]);
        this.discovered = { ...(ip && port ? { wsUrl: `ws://${ip.includes(':') ? `[${ip}]` : ip}:${port}` } : {}), ...(domain ? { domain } : {}) };
        if (!this.current()) log.warn('softphone: FreeSWITCH did not say where its SIP WebSocket is (set IVRPAY_SIP_WS_URL and IVRPAY_SIP_DOMAIN)');
      })().catch((err) => log.warn({ reason: String(err) }, 'softphone: could not ask FreeSWITCH for its SIP WebSocket'));
    });
  }

  /** null until known (FreeSWITCH not reached yet, or nothing configured). */
  current(): SipEndpoint | null {
    const wsUrl = this.configured.wsUrl ?? this.simulator?.wsUrl ?? this.discovered.wsUrl;
    const domain = this.configured.domain ?? this.simulator?.domain ?? this.discovered.domain;
    return wsUrl && domain ? { wsUrl, domain } : null;
  }
}
