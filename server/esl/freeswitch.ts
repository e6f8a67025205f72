// The FreeSWITCH node ivrpay drives: owns the supervised ESL connection, hands out Conference/Channel objects,
// originates legs and re-emits the typed switch events. Callers never build ESL strings.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { EslClient, type EslTarget } from './connection.js';
import { Conference, parseJsonList, type RoomSnapshot } from './conference.js';
import { Channel } from './channel.js';
import { channelVars, token } from './safe-arg.js';
import { SUBSCRIPTIONS, toSwitchEvent, type DtmfEvent, type HangupEvent, type MemberEvent, type PlayDoneEvent } from './switch-events.js';
import type { Logger } from '../log/logger.js';

export interface FreeSwitchEvents {
  up: [];
  down: [reason: string];
  dtmf: [DtmfEvent];
  memberAdded: [MemberEvent];
  memberLeft: [MemberEvent];
  playDone: [PlayDoneEvent];
  hangup: [HangupEvent];
  command: [line: string];
}

export class OriginateError extends Error {
  constructor(readonly hangupCause: string) {
    super(`originate failed: ${hangupCause}`);
  }
}

export interface OriginateRequest {
  dialString: string;
  vars: Record<string, string>;
  /** dialplan application run on the new leg once answered, e.g. conference(<room>@<profile>) */
  app?: { name: string; args: string };
  /** or: the XML dialplan extension the answered leg runs (`originate <dial string> <extension> XML <context>`) */
  extension?: { number: string; context: string };
  uuid?: string;
}

export class FreeSwitch extends EventEmitter<FreeSwitchEvents> {
  readonly esl: EslClient;

  constructor(target: EslTarget, log: Logger, opts: { apiTimeoutMs?: number; bgapiTimeoutMs?: number } = {}) {
    super();
    this.setMaxListeners(0);
    this.esl = new EslClient(target, { log, subscriptions: SUBSCRIPTIONS, ...opts });
    this.esl.on('up', () => this.emit('up'));
    this.esl.on('down', (r) => this.emit('down', r));
    this.esl.on('command', (line) => this.emit('command', line));
    this.esl.on('event', (raw) => {
      const e = toSwitchEvent(raw);
      if (!e) return;
      switch (e.kind) {
        case 'dtmf':
          return void this.emit('dtmf', { uuid: e.uuid, digit: e.digit });
        case 'member-added':
          return void this.emit('memberAdded', e);
        case 'member-left':
          return void this.emit('memberLeft', e);
        case 'play-done':
          return void this.emit('playDone', e);
        case 'hangup':
          return void this.emit('hangup', e);
      }
    });
  }

  get up(): boolean {
    return this.esl.connected;
  }

  start(waitMs = 0): Promise<void> {
    return this.esl.start(waitMs);
  }

  stop(): Promise<void> {
    return this.esl.stop();
  }

  room(name: string): Conference {
    return new Conference(this.esl, name);
  }

  channel(uuid: string): Channel {
    return new Channel(this.esl, uuid);
  }

  /** A global variable of the switch (`global_getvar`), or null when unset. */
  async globalVar(name: string): Promise<string | null> {
    const v = (await this.esl.api(`global_getvar ${token(name, 'variable name')}`)).trim();
    return v === '' || v.startsWith('-ERR') || v.startsWith('-USAGE') ? null : v;
  }

  /** Every room with its members (`conference json_list`). */
  async rooms(): Promise<RoomSnapshot[]> {
    return parseJsonList(await this.esl.api('conference json_list'));
  }

  /** Originates a leg in the background; resolves with its uuid once answered, rejects with the hang-up cause. */
  async originate(req: OriginateRequest): Promise<string> {
    const uuid = req.uuid ?? randomUUID();
    const vars = channelVars({ origination_uuid: uuid, ...req.vars });
    let then: string;
    if (req.app) {
      const args = req.app.args ? token(req.app.args, 'application argument') : '';
      then = `&${token(req.app.name, 'application')}(${args})`;
    } else if (req.extension) {
      then = `${token(req.extension.number, 'extension')} XML ${token(req.extension.context, 'context')}`;
    } else throw new Error('originate needs an application or an extension');
    const body = (await this.esl.bgapi(`originate ${vars}${token(req.dialString, 'dial string')} ${then}`)).trim();
    if (!body.startsWith('+OK')) throw new OriginateError(body.replace(/^-ERR\s*/, '') || 'no answer');
    return uuid;
  }
}
