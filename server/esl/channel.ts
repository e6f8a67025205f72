// One FreeSWITCH channel by uuid: hang-up, variables, recording mask. Never given a digit to send.
import type { EslClient } from './connection.js';
import { token, varValue } from './safe-arg.js';

export class Channel {
  constructor(
    private readonly esl: EslClient,
    readonly uuid: string,
  ) {
    token(uuid, 'uuid');
  }

  async hangUp(cause = 'NORMAL_CLEARING'): Promise<void> {
    await this.esl.api(`uuid_kill ${this.uuid} ${token(cause, 'cause')}`);
  }

  async exists(): Promise<boolean> {
    return (await this.esl.api(`uuid_exists ${this.uuid}`)).trim() === 'true';
  }

  /** The variable's value, or null when unset (FreeSWITCH answers `_undef_`). */
  async getVar(name: string): Promise<string | null> {
    const v = (await this.esl.api(`uuid_getvar ${this.uuid} ${token(name, 'variable name')}`)).trim();
    return v === '_undef_' || v.startsWith('-ERR') || v === '' ? null : v;
  }

  async setVar(name: string, value: string): Promise<void> {
    await this.esl.api(`uuid_setvar ${this.uuid} ${token(name, 'variable name')} ${varValue(value)}`);
  }

  /** Write silence into a running recording of this channel until unmaskRecording (path = the one it started with). */
  async maskRecording(path: string): Promise<boolean> {
    return (await this.esl.api(`uuid_record ${this.uuid} mask ${token(path, 'recording path')}`)).startsWith('+OK');
  }

  async unmaskRecording(path: string): Promise<boolean> {
    return (await this.esl.api(`uuid_record ${this.uuid} unmask ${token(path, 'recording path')}`)).startsWith('+OK');
  }
}
