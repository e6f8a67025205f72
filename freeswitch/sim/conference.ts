// mod_conference as ivrpay uses it: rooms, members, floor, relate (mixing), member/room file play and stop, the conference API and its events; no audio.
import { randomUUID } from 'node:crypto';
import type { CallSite } from './event.js';
import type { Header } from './wire.js';
import type { Frame, Leg } from './leg.js';
import type { Playable } from './media.js';
import { TICK_MS, type Switch } from './switch.js';
import { cjsonPrint } from './cjson.js';

const MAINT = 'conference::maintenance';

const SITE = {
  create: ['mod_conference.c', 'conference_new', 3848],
  destroy: ['mod_conference.c', 'conference_thread_run', 863],
  add: ['conference_member.c', 'conference_member_add', 962],
  del: ['conference_member.c', 'conference_member_del', 1355],
  floor: ['conference_member.c', 'conference_member_set_floor_holder', 1158],
  talking: ['conference_loop.c', 'conference_loop_input', 1154],
  playRoom: ['conference_api.c', 'conference_api_sub_play', 2817],
  playMember: ['conference_api.c', 'conference_api_sub_play', 2846],
  fileDone: ['conference_file.c', 'conference_file_close', 52],
  kick: ['conference_api.c', 'conference_api_sub_kick', 902],
  hup: ['conference_api.c', 'conference_api_sub_hup', 871],
  mute: ['conference_api.c', 'conference_api_sub_mute', 342],
  unmute: ['conference_api.c', 'conference_api_sub_unmute', 495],
  deaf: ['conference_api.c', 'conference_api_sub_deaf', 800],
  undeaf: ['conference_api.c', 'conference_api_sub_undeaf', 842],
} as const satisfies Record<string, CallSite>;

/** A file node (conference_file_node_t): queued per member or per room; the first one plays. */
interface FileNode {
  what: string;
  playable: Playable;
  startedMs?: number;
  timer?: NodeJS.Timeout;
}

interface Relationship {
  speak: boolean;
  hear: boolean;
}

export interface Member {
  id: number;
  leg: Leg;
  room: Room;
  frame: Frame;
  talking: boolean;
  /** MFLAG_CAN_HEAR / MFLAG_CAN_SPEAK (deaf / mute) */
  canHear: boolean;
  canSpeak: boolean;
  joinedMs: number;
  rels: Map<number, Relationship>;
  files: FileNode[];
  left: boolean;
}

export interface Room {
  name: string;
  profile: string;
  uuid: string;
  /** newest first, as mod_conference keeps its member list */
  members: Member[];
  floor?: Member;
  createdMs: number;
  files: FileNode[];
  destroyTimer?: NodeJS.Timeout;
  floorTimer?: NodeJS.Timeout;
}

const PLAY_SYNTAX = 'play <file_path> [async|<member_id> [nomux]]';
const STOP_SYNTAX = 'stop <[current|all|async|last]> [<member_id>]';
const RELATE_SYNTAX = 'relate <member_id>[,<member_id>] <other_member_id>[,<other_member_id>] [nospeak|nohear|clear]';
const KICK_SYNTAX = 'kick <[member_id|all|last|non_moderator]> [<optional sound file>]';
const HUP_SYNTAX = 'hup <[member_id|all|last|non_moderator]>';
/** The energy-level of the ivrpay profile (0: every member counts as talking once audio flows). */
const ENERGY_LEVEL = 0;
/** A member that opens an empty room starts "talking" this long after joining (measured on FreeSWITCH 1.11). */
const FIRST_TALK_MS = 80;
/** play-file(-member)-done arrives this long after the file's own duration. */
const FILE_DONE_SLACK_MS = 40;

export class ConferenceManager {
  readonly rooms = new Map<string, Room>();
  private nextMemberId = 1;

  constructor(private readonly sw: Switch) {}

  // ---- events -----------------------------------------------------------------------------

  private conferenceData(room: Room, h: Header[]): void {
    h.push(
      ['Conference-Name', room.name],
      ['Conference-Domain', this.sw.opts.domain],
      ['Conference-Size', String(room.members.length)],
      ['Conference-Ghosts', '0'],
      ['Conference-Profile-Name', room.profile],
      ['Conference-Unique-ID', room.uuid],
    );
  }

  private memberData(m: Member, h: Header[]): void {
    this.conferenceData(m.room, h);
    h.push(['Floor', m.room.floor === m ? 'true' : 'false']);
    m.leg.basicData(h);
    h.push(
      ['Video', 'false'],
      ['Hear', m.canHear ? 'true' : 'false'],
      ['See', 'true'],
      ['Speak', m.canSpeak ? 'true' : 'false'],
      ['Talking', m.talking ? 'true' : 'false'],
      ['Mute-Detect', 'false'],
      ['Hold', 'false'],
      ['Member-ID', String(m.id)],
      ['Member-Type', 'member'],
      ['Member-Ghost', 'false'],
      ['Energy-Level', String(ENERGY_LEVEL)],
      ['Current-Energy', m.talking ? '1' : '0'],
    );
  }

  private fire(site: CallSite, build: (h: Header[]) => void): void {
    this.sw.fire('CUSTOM', site, build, { subclass: MAINT });
  }

  private memberEvent(m: Member, site: CallSite, action: string, extra: Header[] = []): void {
    this.fire(site, (h) => {
      this.memberData(m, h);
      h.push(['Action', action], ...extra);
    });
  }

  // ---- membership -------------------------------------------------------------------------

  /** The `conference` app: `<room>[@<profile>][+flags{...}]`. */
  join(leg: Leg, data: string, frame: Frame): void {
    const [spec = ''] = data.split('+');
    const at = spec.indexOf('@');
    const name = at >= 0 ? spec.slice(0, at) : spec;
    const profile = at >= 0 ? spec.slice(at + 1) : 'default';
    let room = this.rooms.get(name);
    if (room && room.destroyTimer) {
      this.sw.cancel(room.destroyTimer);
      room.destroyTimer = undefined;
    }
    const opened = !room || !room.members.length;
    if (!room) {
      room = { name, profile, uuid: randomUUID(), members: [], createdMs: Date.now(), files: [] };
      this.rooms.set(name, room);
      const r = room;
      this.fire(SITE.create, (h) => {
        this.conferenceData(r, h);
        h.push(['Action', 'conference-create']);
      });
    }
    const m: Member = { id: this.nextMemberId++, leg, room, frame, talking: false, canHear: true, canSpeak: true, joinedMs: Date.now(), rels: new Map(), files: [], left: false };
    room.members.unshift(m);
    leg.member = m;
    leg.setVar('conference_name', room.name);
    leg.setVar('app_session_uuid', room.uuid);
    leg.setVar('read_codec', 'L16');
    leg.setVar('read_rate', '8000');
    leg.setVar('conference_member_id', String(m.id));
    leg.setVar('conference_moderator', 'false');
    leg.setVar('conference_ghost', 'false');
    leg.setVar('conference_uuid', room.uuid);
    leg.setVar('conference_call_key', `conference_${room.name}_${this.sw.opts.domain}_${leg.profile.callerIdNumber}`);
    this.memberEvent(m, SITE.add, 'add-member');
    this.scheduleFloor(room);
    if (opened) {
      this.sw.later(FIRST_TALK_MS, () => {
        if (m.left || m.talking) return;
        m.talking = true;
        this.memberEvent(m, SITE.talking, 'start-talking');
      });
    }
  }

  /** The conference thread gives an unheld floor to the newest member on its next tick. */
  private scheduleFloor(room: Room): void {
    if (room.floor || room.floorTimer) return;
    room.floorTimer = this.sw.later(TICK_MS, () => {
      room.floorTimer = undefined;
      const next = room.members[0];
      if (room.floor || !next) return;
      room.floor = next;
      this.fire(SITE.floor, (h) => {
        this.conferenceData(room, h);
        h.push(['Action', 'floor-change'], ['Old-ID', 'none']);
        this.memberData(next, h);
        h.push(['New-ID', String(next.id)]);
      });
    });
  }

  /** The member's conference loop notices (hangup, kick, hup, transfer) on its next frame and leaves. */
  leaveLater(leg: Leg, _why: 'hangup' | 'kick' | 'hup' | 'transfer'): void {
    const m = leg.member;
    if (!m || leg.leaving) return;
    leg.leaving = true;
    this.sw.later(TICK_MS, () => this.leave(m));
  }

  private leave(m: Member): void {
    if (m.left) return;
    m.left = true;
    const { room, leg } = m;
    for (const f of m.files) this.sw.cancel(f.timer);
    m.files = [];
    if (room.floor === m) {
      room.floor = undefined;
      this.fire(SITE.floor, (h) => {
        this.conferenceData(room, h);
        h.push(['Action', 'floor-change'], ['Old-ID', 'none'], ['New-ID', 'none']);
      });
    }
    room.members = room.members.filter((x) => x !== m);
    for (const other of room.members) other.rels.delete(m.id);
    this.memberEvent(m, SITE.del, 'del-member');
    leg.member = undefined;
    leg.leaving = false;
    leg.setVar('conference_call_key', undefined);
    if (!leg.codecRestored) {
      leg.setVar('read_codec', 'L16');
      leg.setVar('read_rate', '8000');
    }
    leg.codecRestored = false;
    if (!room.members.length) {
      room.destroyTimer = this.sw.later(TICK_MS, () => this.destroy(room));
    } else this.scheduleFloor(room);
    m.frame.complete();
    if (!leg.up) this.sw.reportIfDone(leg);
  }

  private destroy(room: Room): void {
    if (room.members.length || this.rooms.get(room.name) !== room) return;
    for (const f of room.files) this.sw.cancel(f.timer);
    this.sw.cancel(room.floorTimer);
    this.rooms.delete(room.name);
    this.fire(SITE.destroy, (h) => {
      this.conferenceData(room, h);
      h.push(['Action', 'conference-destroy']);
    });
  }

  private memberById(room: Room, s: string | undefined): Member | undefined {
    const id = Number.parseInt(s ?? '', 10);
    return room.members.find((m) => m.id === id);
  }

  /** Does `listener` hear `speaker` in the mix (conference_thread_run's relationship checks)? */
  hears(listenerUuid: string, speakerUuid: string): boolean {
    const listener = this.sw.legs.get(listenerUuid)?.member;
    const speaker = this.sw.legs.get(speakerUuid)?.member;
    if (!listener || !speaker || listener.room !== speaker.room || listener === speaker) return false;
    if (!listener.canHear || !speaker.canSpeak) return false;
    const sr = speaker.rels.get(listener.id) ?? speaker.rels.get(0);
    if (sr && !sr.speak) return false;
    const lr = listener.rels.get(speaker.id) ?? listener.rels.get(0);
    if (lr && !lr.hear) return false;
    return true;
  }

  // ---- files ------------------------------------------------------------------------------

  private startNext(queue: FileNode[], done: (f: FileNode, playedMs: number) => void): void {
    const f = queue[0];
    if (!f || f.startedMs !== undefined) return;
    f.startedMs = Date.now();
    const ms = Number.isFinite(f.playable.durationMs) ? f.playable.durationMs : 24 * 3600_000;
    f.timer = this.sw.later(ms + FILE_DONE_SLACK_MS, () => done(f, ms));
  }

  /** conference_file_close's event: FreeSWITCH reports twice the played time (samples counted per channel). */
  private doneHeaders(playedMs: number): Header[] {
    const ms = playedMs <= 0 ? 0 : Math.max(TICK_MS, Math.round(playedMs / TICK_MS) * TICK_MS) * 2;
    return [
      ['seconds', String(Math.floor(ms / 1000))],
      ['milliseconds', String(ms)],
      ['samples', String(ms * 8)],
    ];
  }

  private memberFileDone(m: Member, f: FileNode, playedMs: number): void {
    m.files = m.files.filter((x) => x !== f);
    this.fire(SITE.fileDone, (h) => {
      this.conferenceData(m.room, h);
      h.push(...this.doneHeaders(playedMs), ['Action', 'play-file-member-done']);
      this.memberData(m, h);
      h.push(['File', f.playable.file]);
    });
    this.startNext(m.files, (nf, ms) => this.memberFileDone(m, nf, ms));
  }

  private roomFileDone(room: Room, f: FileNode, playedMs: number): void {
    room.files = room.files.filter((x) => x !== f);
    this.fire(SITE.fileDone, (h) => {
      this.conferenceData(room, h);
      h.push(...this.doneHeaders(playedMs), ['Action', 'play-file-done'], ['File', f.playable.file]);
    });
    this.startNext(room.files, (nf, ms) => this.roomFileDone(room, nf, ms));
  }

  /** Stops the playing node (current) or all; the done event follows on the next tick. */
  private stopFiles(queue: FileNode[], all: boolean, done: (f: FileNode, playedMs: number) => void): number {
    const victims = all ? [...queue] : queue.filter((f) => f.startedMs !== undefined).slice(0, 1);
    victims.forEach((f, i) => {
      this.sw.cancel(f.timer);
      const played = f.startedMs === undefined ? 0 : Date.now() - f.startedMs;
      // a stopped node that never played is closed too (milliseconds 0); one node per tick
      f.startedMs ??= Date.now();
      f.timer = this.sw.later(TICK_MS * (i + 1), () => done(f, played));
    });
    return victims.length;
  }

  // ---- the API ----------------------------------------------------------------------------

  /** `conference ...` (mod_conference's conference_api_main_real). */
  api(argv: string[]): string {
    const [first] = argv;
    if (!first) return 'USAGE: conference <conf_name> <command> [args]\n';
    const room = this.rooms.get(first);
    if (!room) {
      if (first === 'list') return this.listAll();
      if (first === 'json_list') return this.jsonList([...this.rooms.values()], argv[1] === 'compact');
      if (first === 'xml_list') return this.xmlList([...this.rooms.values()]);
      if (first === 'count') return `${this.rooms.size}\n`;
      return `-ERR Conference ${first} not found\n`;
    }
    if (argv.length < 2) return "Conference command, not specified.\nTry 'help'\n";
    const sub = argv[1]!.toLowerCase();
    switch (sub) {
      case 'list':
        return this.listRoom(room);
      case 'json_list':
        return this.jsonList([room], argv[2] === 'compact');
      case 'xml_list':
        return this.xmlList([room]);
      case 'count':
        return `${room.members.length}\n`;
      case 'play':
        return this.play(room, argv);
      case 'stop':
        return this.stop(room, argv);
      case 'relate':
        return this.relate(room, argv);
      case 'kick':
        return this.memberTarget(room, argv, KICK_SYNTAX, (m) => {
          this.memberEvent(m, SITE.kick, 'kick-member');
          this.leaveLater(m.leg, 'kick');
          return `+OK kicked ${m.id}\n`;
        });
      case 'mute':
      case 'unmute':
      case 'deaf':
      case 'undeaf':
        return this.memberTarget(room, argv, `${sub} <[member_id|all]|last|non_moderator> [<quiet>]`, (m) => {
          if (sub === 'mute' || sub === 'unmute') m.canSpeak = sub === 'unmute';
          else m.canHear = sub === 'undeaf';
          if (sub === 'mute') m.talking = false;
          this.memberEvent(m, SITE[sub], `${sub}-member`);
          return `+OK ${sub} ${m.id}\n`;
        });
      case 'hup':
        return this.memberTarget(room, argv, HUP_SYNTAX, (m) => {
          this.memberEvent(m, SITE.hup, 'hup-member');
          this.leaveLater(m.leg, 'hup');
          return `+OK hup ${m.id}\n`;
        });
      default:
        return `-ERR Conference command '${argv[1]}' not found.\n`;
    }
  }

  private memberTarget(room: Room, argv: string[], syntax: string, act: (m: Member) => string): string {
    const target = argv[2];
    const id = Number.parseInt(target ?? '', 10) || 0;
    if (id) {
      const m = this.memberById(room, target);
      return m ? act(m) : `-ERR Non-Existant ID ${id}\n`;
    }
    if (target === 'all' || target === 'non_moderator') return [...room.members].map(act).join('');
    if (target === 'last') {
      const last = [...room.members].sort((a, b) => b.id - a.id)[0];
      return last ? act(last) : '';
    }
    return syntax;
  }

  private play(room: Room, argv: string[]): string {
    let argc = argv.length;
    let async = false;
    if ((argc === 4 && argv[3]!.toLowerCase() === 'async') || (argc === 5 && argv[4]!.toLowerCase() === 'async')) {
      argc--;
      async = true;
    }
    const what = argv[2];
    if (argc === 3 && what) {
      const playable = this.sw.opts.conferenceSounds.resolve(what);
      if (!playable) return `-ERR (play) File: ${what} not found.\n`;
      room.files.push({ what, playable });
      this.fire(SITE.playRoom, (h) => {
        this.conferenceData(room, h);
        h.push(['Action', 'play-file'], ['File', what], ['Async', async ? 'true' : 'false']);
      });
      this.startNext(room.files, (f, ms) => this.roomFileDone(room, f, ms));
      return `+OK (play) Playing file ${what}\n`;
    }
    if (argc >= 4 && what) {
      const m = this.memberById(room, argv[3]);
      // mod_conference prints the id's pointer with %u here; any number stands in for it
      if (!m) return `-ERR Member: ${pointerLike(argv[3]!)} not found.\n${PLAY_SYNTAX}`;
      const playable = this.sw.opts.conferenceSounds.resolve(what);
      if (!playable) return `-ERR (play) File: ${what} not found.\n`;
      m.files.push({ what, playable });
      this.memberEvent(m, SITE.playMember, 'play-file-member', [['File', what]]);
      this.startNext(m.files, (f, ms) => this.memberFileDone(m, f, ms));
      return `+OK (play) Playing file ${what} to member ${m.id}\n`;
    }
    return PLAY_SYNTAX;
  }

  private stop(room: Room, argv: string[]): string {
    let current = false;
    let all = false;
    if (argv.length > 2) {
      const w = argv[2]!.toLowerCase();
      current = w === 'current';
      all = w === 'all';
      if (w === 'async') current = true;
      if (!current && !all) return STOP_SYNTAX;
    } else all = true;
    if (argv.length === 4) {
      const m = this.memberById(room, argv[3]);
      if (!m) return `-ERR Member: ${argv[3]} not found.\n`;
      const n = this.stopFiles(m.files, all, (f, ms) => this.memberFileDone(m, f, ms));
      return `+OK Stopped ${n} files.\n`;
    }
    const n = this.stopFiles(room.files, all, (f, ms) => this.roomFileDone(room, f, ms));
    return `+OK Stopped ${n} files.\n`;
  }

  private relate(room: Room, argv: string[]): string {
    if (argv.length <= 3) {
      const total = room.members.reduce((n, m) => n + m.rels.size, 0);
      if (!total) return '+OK No relationships\n';
      if (argv.length !== 3) return '';
      let out = '';
      for (const s of argv[2]!.split(',')) {
        const id = Number.parseInt(s, 10) || 0;
        for (const m of room.members) {
          if (id > 0 && m.id !== id) continue;
          for (const [oid, r] of m.rels) out += `${m.id} -> ${oid} ${r.speak ? 'SPEAK ' : 'NOSPEAK '}${r.hear ? 'HEAR ' : 'NOHEAR '}NOSENDVIDEO \n`;
        }
      }
      return out;
    }
    if (argv.length <= 4) return RELATE_SYNTAX;
    const action = argv[4]!;
    const nospeak = action.includes('nospeak');
    const nohear = action.includes('nohear');
    const clear = action.toLowerCase() === 'clear';
    if (!clear && !nospeak && !nohear) return RELATE_SYNTAX;
    let out = '';
    for (const a of argv[2]!.split(',')) {
      const id = Number.parseInt(a, 10) >>> 0;
      for (const b of argv[3]!.split(',')) {
        const oid = Number.parseInt(b, 10) >>> 0;
        const m = this.memberById(room, String(id));
        if (clear) {
          if (m) {
            m.rels.delete(oid);
            out += `+OK relationship ${id}->${oid} cleared.\n`;
          } else out += `-ERR relationship ${id}->${oid} not found.\n`;
        }
        if (nospeak || nohear) {
          const o = this.memberById(room, String(oid));
          if (m && o) {
            m.rels.set(oid, { speak: !nospeak, hear: !nohear });
            if (nospeak) m.talking = false;
            out += `+OK ${id}->${oid} ${action} set\n`;
          } else out += `-ERR relationship ${id}->${oid} not found.\n`;
        }
      }
    }
    return out;
  }

  private listLine(m: Member): string {
    const p = m.leg.profile;
    const flags: string[] = [];
    if (m.canHear) flags.push('hear');
    if (m.canSpeak) flags.push('speak');
    if (m.talking) flags.push('talking');
    if (m.room.floor === m) flags.push('floor');
    return `${m.id};${m.leg.name};${m.leg.uuid};${p.callerIdName};${p.callerIdNumber};${flags.join('|')};0;0;${ENERGY_LEVEL}\n`;
  }

  private listRoom(room: Room): string {
    return room.members.map((m) => this.listLine(m)).join('');
  }

  private listAll(): string {
    if (!this.rooms.size) return '+OK No active conferences.\n';
    let out = '';
    for (const room of this.rooms.values()) {
      const n = room.members.length;
      out += `+OK Conference ${room.name} (${n} member${n === 1 ? '' : 's'} rate: 8000 flags: running|answered|enforce_min|dynamic|exit_sound|enter_sound|json_status)\n`;
      out += this.listRoom(room);
    }
    return out;
  }

  private jsonList(rooms: Room[], compact: boolean): string {
    const now = Date.now();
    const value = rooms.map((room) => ({
      conference_name: room.name,
      member_count: room.members.length,
      ghost_count: 0,
      rate: 8000,
      run_time: Math.floor((now - room.createdMs) / 1000),
      conference_uuid: room.uuid,
      canvas_count: 0,
      max_bw_in: 0,
      force_bw_in: 0,
      video_floor_packets: 0,
      locked: false,
      destruct: false,
      wait_mod: false,
      audio_always: false,
      running: true,
      answered: true,
      enforce_min: true,
      bridge_to: false,
      dynamic: true,
      exit_sound: true,
      enter_sound: true,
      recording: false,
      video_bridge: false,
      video_floor_only: false,
      video_rfc4579: false,
      variables: {},
      members: room.members.map((m) => ({
        type: 'caller',
        id: m.id,
        flags: {
          can_hear: m.canHear,
          can_see: true,
          can_speak: m.canSpeak,
          hold: false,
          mute_detect: false,
          talking: m.talking,
          has_video: false,
          video_bridge: false,
          has_floor: room.floor === m,
          is_moderator: false,
          end_conference: false,
          mandatory_member_end_conference: false,
          pass_digits: false,
        },
        uuid: m.leg.uuid,
        caller_id_name: m.leg.profile.callerIdName,
        caller_id_number: m.leg.profile.callerIdNumber,
        join_time: Math.floor((now - m.joinedMs) / 1000),
        last_talking: 0,
        energy: ENERGY_LEVEL,
        volume_in: 0,
        volume_out: 0,
        'output-volume': 0,
        'input-volume': 0,
      })),
    }));
    return cjsonPrint(value, !compact);
  }

  private xmlList(rooms: Room[]): string {
    const now = Date.now();
    let s = '<?xml version="1.0"?>\n<conferences>\n';
    for (const room of rooms) {
      s += `  <conference name="${room.name}" member-count="${room.members.length}" ghost-count="0" rate="8000" uuid="${room.uuid}" running="true" answered="true" enforce_min="true" dynamic="true" exit_sound="true" enter_sound="true" run_time="${Math.floor((now - room.createdMs) / 1000)}">\n`;
      s += '    <variables></variables>\n    <members>\n';
      for (const m of room.members) {
        const flag = (k: string, v: boolean) => `          <${k}>${v}</${k}>\n`;
        s += '      <member type="caller">\n';
        s += `        <id>${m.id}</id>\n        <flags>\n`;
        s += flag('can_hear', true) + flag('can_see', true) + flag('can_speak', true) + flag('mute_detect', false) + flag('talking', m.talking);
        s += flag('hold', false) + flag('has_video', false) + flag('video_bridge', false) + flag('has_floor', room.floor === m);
        s += flag('is_moderator', false) + flag('end_conference', false) + flag('mandatory_member_end_conference', false) + flag('is_ghost', false);
        s += '        </flags>\n';
        s += `        <uuid>${m.leg.uuid}</uuid>\n`;
        s += `        <caller_id_name>${encodeURIComponent(m.leg.profile.callerIdName)}</caller_id_name>\n`;
        s += `        <caller_id_number>${encodeURIComponent(m.leg.profile.callerIdNumber)}</caller_id_number>\n`;
        s += `        <join_time>${Math.floor((now - m.joinedMs) / 1000)}</join_time>\n`;
        s += `        <last_talking>${m.talking ? 0 : 'N/A'}</last_talking>\n`;
        s += `        <energy>${ENERGY_LEVEL}</energy>\n        <volume_in>0</volume_in>\n        <volume_out>0</volume_out>\n        <output-volume>0</output-volume>\n`;
        s += '      </member>\n';
      }
      s += '    </members>\n  </conference>\n';
    }
    return `${s}</conferences>\n`;
  }
}

/** A stable 10-digit stand-in for the pointer mod_conference prints in its member-not-found message. */
function pointerLike(s: string): number {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 1_000_000_000 + (h % 3_000_000_000);
}
