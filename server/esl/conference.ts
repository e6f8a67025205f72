// One mod_conference room, in ivrpay's words: who hears whom, prompts to one member, removing a member.
import type { EslClient } from './connection.js';
import { token } from './safe-arg.js';

export interface RoomMember {
  memberId: string;
  uuid: string;
  callerNumber: string;
  callerName: string;
}

export class ConferenceError extends Error {}

export class Conference {
  constructor(
    private readonly esl: EslClient,
    readonly name: string,
  ) {
    token(name, 'room name');
  }

  /** `listeners` stop hearing `speaker` (operators during capture). */
  async stopHearing(listeners: string[], speaker: string): Promise<void> {
    if (listeners.length === 0) return;
    await this.ok(`relate ${listeners.map((l) => token(l, 'member id')).join(',')} ${token(speaker, 'member id')} nohear`);
  }

  /** Undo stopHearing: listeners hear the speaker again. */
  async hearAgain(listeners: string[], speaker: string): Promise<void> {
    if (listeners.length === 0) return;
    await this.ok(`relate ${listeners.map((l) => token(l, 'member id')).join(',')} ${token(speaker, 'member id')} clear`);
  }

  /** Play a file (relative to the profile's sound-prefix) to one member only. */
  async playTo(memberId: string, file: string): Promise<void> {
    await this.ok(`play ${token(file, 'file')} ${token(memberId, 'member id')}`);
  }

  /** Stop what is playing to one member. */
  async stopPlayingTo(memberId: string): Promise<void> {
    await this.esl.api(`conference ${this.name} stop all ${token(memberId, 'member id')}`);
  }

  async hangUp(memberId: string): Promise<void> {
    await this.esl.api(`conference ${this.name} hup ${token(memberId, 'member id')}`);
  }

  async members(): Promise<RoomMember[]> {
    const body = await this.esl.api(`conference ${this.name} json_list`);
    return parseJsonList(body).find((r) => r.room === this.name)?.members ?? [];
  }

  private async ok(args: string): Promise<string> {
    const body = await this.esl.api(`conference ${this.name} ${args}`);
    if (!body.startsWith('+OK')) throw new ConferenceError(`conference ${this.name}: ${body.trim() || 'no reply'}`);
    return body;
  }
}

export interface RoomSnapshot {
  room: string;
  members: RoomMember[];
}

/** Parses `conference [<room>] json_list`; anything that is not JSON (no rooms) is an empty list. */
export function parseJsonList(body: string): RoomSnapshot[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.map((c: any) => ({
    room: String(c.conference_name ?? ''),
    members: (Array.isArray(c.members) ? c.members : [])
      .filter((m: any) => m.type === 'caller')
      .map((m: any) => ({ memberId: String(m.id), uuid: String(m.uuid), callerNumber: String(m.caller_id_number ?? ''), callerName: String(m.caller_id_name ?? '') })),
  }));
}
