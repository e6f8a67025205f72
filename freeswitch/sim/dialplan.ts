// The simulated XML dialplan: freeswitch/conf/dialplan/ivrpay*.xml as a data table (keep in step with those files); never runs apps itself.
import { CONFERENCE_PROFILE, CONTEXT_INBOUND, CONTEXT_TEST, ROOM_PREFIX, TEST_PHONE_EXTENSION, VAR } from '../../server/esl/contract.js';

export interface Action {
  app: string;
  /** may hold ${var} (channel variables) and $1.. (captures of this condition) */
  data?: string;
}

export interface Condition {
  /** `destination_number`, `chan_name`, or `${variable}` */
  field: string;
  expression: RegExp;
  /** break="never": a failing condition does not end the extension */
  breakNever?: boolean;
  actions: Action[];
}

export interface Extension {
  name: string;
  conditions: Condition[];
}

export type Dialplan = Record<string, Extension[]>;

const customerActions: Action[] = [
  { app: 'set', data: `${VAR.role}=customer` },
  { app: 'set', data: `${VAR.did}=$1` },
  { app: 'set', data: 'conference_controls=none' },
  { app: 'set', data: 'playback_terminators=none' },
  { app: 'set', data: 'digits_dialed_filter=.+' },
  { app: 'deduplicate_dtmf' },
  { app: 'answer' },
  { app: 'spandsp_start_dtmf' },
];

const DID = /^(\+?[0-9]{2,32})$/;
const ANY = /^.*$/;

/** Mirrors freeswitch/conf/dialplan/ivrpay.xml and ivrpay-test.xml. */
export const IVRPAY_DIALPLAN: Dialplan = {
  [CONTEXT_INBOUND]: [
    {
      name: 'ivrpay_customer',
      conditions: [
        { field: 'destination_number', expression: DID, actions: customerActions },
        {
          field: '${ivrpay_record}',
          expression: /^true$/,
          breakNever: true,
          actions: [
            { app: 'set', data: `${VAR.recordPath}=\${recordings_dir}/ivrpay-\${uuid}.wav` },
            { app: 'record_session', data: `\${${VAR.recordPath}}` },
          ],
        },
        { field: 'destination_number', expression: DID, actions: [{ app: 'conference', data: `${ROOM_PREFIX}\${uuid}@${CONFERENCE_PROFILE}` }] },
      ],
    },
    { name: 'ivrpay_unallocated', conditions: [{ field: 'destination_number', expression: ANY, actions: [{ app: 'hangup', data: 'UNALLOCATED_NUMBER' }] }] },
  ],
  [CONTEXT_TEST]: [
    {
      name: TEST_PHONE_EXTENSION,
      conditions: [
        { field: 'chan_name', expression: /^loopback\//, actions: [] },
        {
          field: 'destination_number',
          expression: new RegExp(`^${TEST_PHONE_EXTENSION}$`),
          actions: [
            { app: 'set', data: 'conference_controls=none' },
            { app: 'set', data: 'playback_terminators=none' },
            { app: 'answer' },
            { app: 'park' },
          ],
        },
      ],
    },
    {
      name: 'ivrpay_phone_number',
      conditions: [
        { field: 'chan_name', expression: /^loopback\//, actions: [] },
        {
          field: 'destination_number',
          expression: /^\+?[0-9]{3,20}$/,
          actions: [
            { app: 'set', data: 'conference_controls=none' },
            { app: 'set', data: 'playback_terminators=none' },
            { app: 'answer' },
            { app: 'park' },
          ],
        },
      ],
    },
    { name: 'ivrpay_test_unallocated', conditions: [{ field: 'destination_number', expression: ANY, actions: [{ app: 'hangup', data: 'UNALLOCATED_NUMBER' }] }] },
  ],
};

export interface DialplanMatch {
  extension: string;
  actions: Action[];
  /** DP_MATCH of the first condition with capture groups: [whole match, $1, ...] */
  captures?: string[];
}

/**
 * Hunts `context` like mod_dialplan_xml: the first extension whose conditions hold. Returns undefined
 * when the context is missing or nothing matches (FreeSWITCH then hangs up NO_ROUTE_DESTINATION).
 */
export function hunt(dialplan: Dialplan, context: string, field: (name: string) => string | undefined): DialplanMatch | undefined {
  const extensions = dialplan[context];
  if (!extensions) return undefined;
  for (const ext of extensions) {
    const actions: Action[] = [];
    let captures: string[] | undefined;
    let matched = true;
    for (const cond of ext.conditions) {
      const m = cond.expression.exec(field(cond.field) ?? '');
      if (!m) {
        if (cond.breakNever) continue;
        matched = false;
        break;
      }
      if (m.length > 1 && !captures) captures = [...m].map((x) => x ?? '');
      for (const a of cond.actions) actions.push(a.data === undefined ? a : { app: a.app, data: a.data.replace(/\$(\d)/g, (_, d) => m[Number(d)] ?? '') });
    }
    if (matched) return captures ? { extension: ext.name, actions, captures } : { extension: ext.name, actions };
  }
  return undefined;
}
