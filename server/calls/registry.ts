// Live calls as FreeSWITCH reports them: one per ivrpay room, keyed by the customer's channel uuid, with the
// operator legs in the same room. FreeSWITCH is the source of truth; this map is rebuilt on every reconnect. With
// several instances each tracks every call, and the one holding the call's lease acts for it (callStarted).
import { EventEmitter } from 'node:events';
import { ROOM_PREFIX, roomName, VAR } from '../esl/contract.js';
import type { NodeTag, Switches } from '../esl/switches.js';
import type { MemberEvent } from '../esl/switch-events.js';
import type { Logger } from '../log/logger.js';
import type { DidMode, MerchantStore } from '../merchants/store.js';
import type { CallView } from '../payments/types.js';
import { leaseKey, type Leases } from '../cluster/leases.js';

export interface OperatorLeg {
  uuid: string;
  memberId: string;
  operatorId: string | null;
}

export interface Call {
  /** the customer channel's uuid */
  id: string;
  room: string;
  /** the FreeSWITCH node the call lives on (its room, its legs) */
  node: string;
  merchantId: string;
  did: string;
  /** what the number does: ring operators, or answer with the payment IVR */
  mode: DidMode;
  callerNumber: string;
  customerMemberId: string;
  startedAt: string;
  operators: Map<string, OperatorLeg>;
  /** the payment being captured on this call, if any */
  paymentId: string | null;
  /** inbound: the customer called the merchant's number; outbound: an operator's click-to-call reached the customer */
  direction: 'inbound' | 'outbound';
  /** outbound calls: the operator who placed it (rung into the room once the customer answers) */
  requestedBy: string | null;
  /** every operator who has had a leg in the room (a softphone whose page reloaded may rejoin) */
  joinedOperators: Set<string>;
  /** this instance acts for the call (rang its operators, runs its IVR); another instance does when false */
  owned: boolean;
}

export interface CallRegistryEvents {
  /** a call this instance acts for (every instance tracks every call; one holds its lease) */
  callStarted: [Call];
  callEnded: [Call];
  operatorJoined: [Call, OperatorLeg];
  operatorLeft: [Call, OperatorLeg];
}

export class CallRegistry extends EventEmitter<CallRegistryEvents> {
  private readonly calls = new Map<string, Call>();
  /** operator legs being originated: uuid → operator id */
  private readonly expected = new Map<string, string>();
  /** customer legs of click-to-call originates: uuid → the operator who placed the call and the number dialed */
  private readonly outbound = new Map<string, { operatorId: string; number: string }>();
  /**
   * customer legs whose number is being looked up (a hang-up meanwhile removes them: the call never starts), with the
   * operator legs that joined meanwhile (another instance, acting for the call, may ring one in that soon)
   */
  private readonly arriving = new Map<string, Map<string, MemberEvent & NodeTag>>();

  constructor(
    private readonly fs: Switches,
    private readonly merchants: MerchantStore,
    private readonly log: Logger,
    private readonly leases: Pick<Leases, 'claim' | 'release'> | null = null,
  ) {
    super();
    this.setMaxListeners(0);
    fs.on('memberAdded', (m) => this.onMemberAdded(m));
    fs.on('memberLeft', (m) => this.onMemberLeft(m.room, m.uuid));
    fs.on('hangup', (h) => this.onHangup(h.uuid));
    fs.on('up', (node) => void this.resync(node).catch((err) => this.log.error({ err: String(err), node }, 'could not resynchronize calls with FreeSWITCH')));
  }

  get(id: string): Call | undefined {
    return this.calls.get(id);
  }

  all(): Call[] {
    return [...this.calls.values()];
  }

  forMerchant(merchantId: string): Call[] {
    return this.all().filter((c) => c.merchantId === merchantId);
  }

  /** Calls in progress on one number. */
  onDid(did: string): Call[] {
    return this.all().filter((c) => c.did === did);
  }

  /** Called before originating an operator leg, so its arrival in the room is attributed to the operator. */
  expectOperator(uuid: string, operatorId: string): void {
    this.expected.set(uuid, operatorId);
  }

  forgetExpected(uuid: string): void {
    this.expected.delete(uuid);
  }

  /** Called before originating a click-to-call's customer leg, so the call is known as the operator's own. */
  expectOutbound(uuid: string, operatorId: string, number: string): void {
    this.outbound.set(uuid, { operatorId, number });
  }

  /** Operator ids with a leg in any live call. */
  busyOperators(): Set<string> {
    const busy = new Set<string>(this.expected.values());
    for (const c of this.calls.values()) for (const o of c.operators.values()) if (o.operatorId) busy.add(o.operatorId);
    return busy;
  }

  view(call: Call, maskCaller: boolean): CallView {
    return {
      id: call.id,
      did: call.did,
      caller: maskCaller ? maskNumber(call.callerNumber) : call.callerNumber,
      startedAt: call.startedAt,
      mode: call.mode,
      operatorConnected: call.operators.size > 0,
      paymentId: call.paymentId,
    };
  }

  private onMemberAdded(m: MemberEvent & NodeTag): void {
    if (!m.room.startsWith(ROOM_PREFIX)) return;
    const callId = m.room.slice(ROOM_PREFIX.length);
    if (m.uuid === callId) {
      const out = this.outbound.get(callId);
      void this.customerArrived(m.node, callId, m.room, m.memberId, m.destination, out?.number ?? m.callerNumber, out?.operatorId ?? null);
      return;
    }
    const call = this.calls.get(callId);
    if (!call) return void this.arriving.get(callId)?.set(m.uuid, m);
    const leg: OperatorLeg = { uuid: m.uuid, memberId: m.memberId, operatorId: this.expected.get(m.uuid) ?? null };
    this.expected.delete(m.uuid);
    call.operators.set(m.uuid, leg);
    if (leg.operatorId) call.joinedOperators.add(leg.operatorId);
    this.emit('operatorJoined', call, leg);
  }

  private async customerArrived(node: string, callId: string, room: string, memberId: string, did: string, callerNumber: string, requestedBy: string | null = null): Promise<void> {
    this.outbound.delete(callId);
    if (this.calls.has(callId) || this.arriving.has(callId)) return;
    const early = new Map<string, MemberEvent & NodeTag>();
    this.arriving.set(callId, early);
    let merchant, number;
    try {
      [merchant, number] = await Promise.all([this.merchants.merchantForDid(did), this.merchants.did(did)]);
    } catch (err) {
      this.log.error({ did, call: callId, reason: String((err as Error).message) }, 'could not look up the dialed number');
    }
    if (!this.arriving.delete(callId)) return; // hung up meanwhile
    if (!merchant || !number) {
      this.log.warn({ did, call: callId }, 'call to a number no active merchant owns: hanging up');
      void this.fs
        .node(node)
        .channel(callId)
        .hangUp('UNALLOCATED_NUMBER')
        .catch(() => {});
      return;
    }
    const call: Call = {
      id: callId,
      room,
      node,
      merchantId: merchant.id,
      did,
      mode: number.mode,
      callerNumber,
      customerMemberId: memberId,
      startedAt: new Date().toISOString(),
      operators: new Map(),
      paymentId: null,
      direction: requestedBy ? 'outbound' : 'inbound',
      requestedBy,
      joinedOperators: new Set(),
      owned: false,
    };
    this.calls.set(callId, call);
    for (const leg of early.values()) this.onMemberAdded(leg);
    // of several instances, the one that placed a click-to-call or claims the call first acts for it
    try {
      call.owned = !this.leases || (await this.leases.claim(leaseKey('call', callId)));
    } catch (err) {
      this.log.error({ call: callId, reason: String((err as Error).message) }, 'could not claim the call');
    }
    if (this.calls.get(callId) !== call) {
      if (call.owned) void this.leases?.release(leaseKey('call', callId)).catch(() => {});
      return; // hung up meanwhile
    }
    this.log.info({ call: callId, merchant: merchant.id, did, node, owned: call.owned }, 'call started');
    if (call.owned) this.emit('callStarted', call);
  }

  private onMemberLeft(room: string, uuid: string): void {
    if (!room.startsWith(ROOM_PREFIX)) return;
    const call = this.calls.get(room.slice(ROOM_PREFIX.length));
    if (!call) return void this.arriving.get(room.slice(ROOM_PREFIX.length))?.delete(uuid);
    if (uuid === call.id) return this.end(call);
    const leg = call.operators.get(uuid);
    if (leg) {
      call.operators.delete(uuid);
      this.emit('operatorLeft', call, leg);
    }
  }

  private onHangup(uuid: string): void {
    this.arriving.delete(uuid);
    this.expected.delete(uuid);
    this.outbound.delete(uuid);
    const call = this.calls.get(uuid);
    if (call) this.end(call);
  }

  /** A silent instance's call is this instance's now (its lease was taken over); false when it has ended. */
  adopt(callId: string): boolean {
    const call = this.calls.get(callId);
    if (!call) return false;
    call.owned = true;
    return true;
  }

  private end(call: Call): void {
    if (!this.calls.delete(call.id)) return;
    if (call.owned) void this.leases?.release(leaseKey('call', call.id)).catch(() => {});
    this.log.info({ call: call.id }, 'call ended');
    this.emit('callEnded', call);
    for (const leg of call.operators.values()) {
      void this.fs
        .node(call.node)
        .channel(leg.uuid)
        .hangUp('NORMAL_CLEARING')
        .catch(() => {});
    }
  }

  /** Rebuilds a node's calls from `conference json_list` after (re)connecting: calls that ended meanwhile end too. */
  async resync(node: string): Promise<void> {
    const fs = this.fs.node(node);
    const rooms = (await fs.rooms()).filter((r) => r.room.startsWith(ROOM_PREFIX));
    const live = new Set<string>();
    for (const r of rooms) {
      const callId = r.room.slice(ROOM_PREFIX.length);
      const customer = r.members.find((m) => m.uuid === callId);
      if (!customer) continue;
      live.add(callId);
      if (!this.calls.has(callId)) {
        const did = (await fs.channel(callId).getVar(VAR.did)) ?? '';
        const out = this.outbound.get(callId);
        const requestedBy = out?.operatorId ?? (await fs.channel(callId).getVar(VAR.requestedBy));
        await this.customerArrived(node, callId, roomName(callId), customer.memberId, did, out?.number ?? customer.callerNumber, requestedBy);
      }
      const call = this.calls.get(callId);
      if (!call) continue;
      for (const m of r.members) {
        if (m.uuid === callId || call.operators.has(m.uuid)) continue;
        const operatorId = (await fs.channel(m.uuid).getVar(VAR.operator)) ?? null;
        const leg = { uuid: m.uuid, memberId: m.memberId, operatorId };
        call.operators.set(m.uuid, leg);
        if (operatorId) call.joinedOperators.add(operatorId);
        this.emit('operatorJoined', call, leg);
      }
    }
    for (const call of this.all()) if (call.node === node && !live.has(call.id)) this.end(call);
  }
}

export function maskNumber(n: string): string {
  return n.length <= 4 ? n : '•'.repeat(Math.min(n.length - 4, 8)) + n.slice(-4);
}
