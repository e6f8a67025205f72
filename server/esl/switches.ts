// Every FreeSWITCH node ivrpay drives, behind the one FreeSwitch surface the rest of the server uses: events come
// tagged with their node, rooms and channels are routed to the node that reported them, new legs go to a node
// chosen by the caller or to the least busy node that is up.
import { EventEmitter } from 'node:events';
import type { EslTarget } from './connection.js';
import type { Conference, RoomSnapshot } from './conference.js';
import type { Channel } from './channel.js';
import { FreeSwitch, type OriginateRequest } from './freeswitch.js';
import type { DtmfEvent, HangupEvent, MemberEvent, PlayDoneEvent } from './switch-events.js';
import type { Logger } from '../log/logger.js';

export interface NodeTag {
  node: string;
}

export interface SwitchesEvents {
  up: [node: string];
  down: [reason: string, node: string];
  dtmf: [DtmfEvent & NodeTag];
  memberAdded: [MemberEvent & NodeTag];
  memberLeft: [MemberEvent & NodeTag];
  playDone: [PlayDoneEvent & NodeTag];
  hangup: [HangupEvent & NodeTag];
  command: [line: string, node: string];
}

export interface NodeStatus {
  node: string;
  up: boolean;
}

/** `host:port` names a node in logs, health and the console. */
export const nodeName = (t: Pick<EslTarget, 'host' | 'port'>) => `${t.host}:${t.port}`;

export class Switches extends EventEmitter<SwitchesEvents> {
  private readonly byName = new Map<string, FreeSwitch>();
  /** where each room and channel lives, learned from the events that announced them */
  private readonly roomNode = new Map<string, string>();
  private readonly uuidNode = new Map<string, string>();

  constructor(targets: EslTarget[], log: Logger, opts: { apiTimeoutMs?: number; bgapiTimeoutMs?: number } = {}) {
    super();
    this.setMaxListeners(0);
    if (targets.length === 0) throw new Error('at least one FreeSWITCH node is needed');
    for (const target of targets) {
      const node = nodeName(target);
      const fs = new FreeSwitch(target, log.child({ node }), opts);
      this.byName.set(node, fs);
      fs.on('up', () => this.emit('up', node));
      fs.on('down', (reason) => this.emit('down', reason, node));
      fs.on('command', (line) => this.emit('command', line, node));
      fs.on('dtmf', (e) => this.emit('dtmf', { ...e, node }));
      fs.on('playDone', (e) => this.emit('playDone', { ...e, node }));
      fs.on('memberAdded', (e) => {
        this.uuidNode.set(e.uuid, node);
        if (!this.roomNode.has(e.room)) this.roomNode.set(e.room, node);
        this.emit('memberAdded', { ...e, node });
      });
      fs.on('memberLeft', (e) => this.emit('memberLeft', { ...e, node }));
      fs.on('hangup', (e) => {
        this.emit('hangup', { ...e, node });
        this.uuidNode.delete(e.uuid);
        for (const [room, n] of this.roomNode) if (n === node && room.endsWith(e.uuid)) this.roomNode.delete(room);
      });
    }
  }

  /** The node names, in configuration order. */
  get names(): string[] {
    return [...this.byName.keys()];
  }

  /** Whether any node is connected. */
  get up(): boolean {
    return [...this.byName.values()].some((fs) => fs.up);
  }

  isUp(node: string): boolean {
    return this.byName.get(node)?.up ?? false;
  }

  status(): NodeStatus[] {
    return [...this.byName].map(([node, fs]) => ({ node, up: fs.up }));
  }

  node(name: string): FreeSwitch {
    const fs = this.byName.get(name);
    if (!fs) throw new Error(`no FreeSWITCH node ${name}`);
    return fs;
  }

  /** The first node: the one single-node deployments, the demo phone and tests talk to. */
  get first(): FreeSwitch {
    return this.byName.values().next().value!;
  }

  /** The node a room or channel lives on (the first node when it was never seen). */
  nodeOf(roomOrUuid: string): string {
    return this.roomNode.get(roomOrUuid) ?? this.uuidNode.get(roomOrUuid) ?? this.names[0]!;
  }

  room(name: string): Conference {
    return this.node(this.nodeOf(name)).room(name);
  }

  channel(uuid: string): Channel {
    return this.node(this.nodeOf(uuid)).channel(uuid);
  }

  /** Every room on one node (`conference json_list`). */
  rooms(node: string): Promise<RoomSnapshot[]> {
    return this.node(node).rooms();
  }

  /** A global variable of a node (the first one unless named). */
  globalVar(name: string, node?: string): Promise<string | null> {
    return (node ? this.node(node) : this.first).globalVar(name);
  }

  /** Originates on `node` (the call's own node for legs joining its room), or on the least busy node that is up. */
  async originate(req: OriginateRequest & { node?: string }): Promise<string> {
    const node = req.node ?? this.leastBusy();
    const uuid = await this.node(node).originate(req);
    this.uuidNode.set(uuid, node);
    return uuid;
  }

  /** The node that is up with the fewest rooms; the first node when none is up (the command then fails clearly). */
  leastBusy(): string {
    const load = new Map(this.names.filter((n) => this.isUp(n)).map((n) => [n, 0]));
    for (const n of this.roomNode.values()) if (load.has(n)) load.set(n, load.get(n)! + 1);
    let best: string | null = null;
    for (const [n, c] of load) if (best === null || c < load.get(best)!) best = n;
    return best ?? this.names[0]!;
  }

  start(waitMs = 0): Promise<unknown> {
    return Promise.allSettled([...this.byName.values()].map((fs) => fs.start(waitMs))).then((results) => {
      if (results.every((r) => r.status === 'rejected')) throw (results[0] as PromiseRejectedResult).reason;
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byName.values()].map((fs) => fs.stop()));
  }
}
