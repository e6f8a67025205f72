// The dialplan/sendmsg applications the simulator models (answer, park, set, export, hangup, playback, DTMF detectors, conference); nothing else.
import type { Switch } from './switch.js';
import type { Frame, FrameKind, Leg } from './leg.js';
import { causeFromString } from './channel.js';

export interface AppImpl {
  name: string;
  kind: FrameKind;
  run(sw: Switch, leg: Leg, data: string, frame: Frame): void;
}

function instant(name: string, run: (sw: Switch, leg: Leg, data: string) => void = () => {}): AppImpl {
  return {
    name,
    kind: 'instant',
    run: (sw, leg, data, frame) => {
      run(sw, leg, data);
      frame.complete();
    },
  };
}

/** `set name=value` (value may be empty: unsets). */
function setVariable(leg: Leg, data: string): void {
  const eq = data.indexOf('=');
  if (eq <= 0) return;
  leg.setVar(data.slice(0, eq), data.slice(eq + 1));
}

const playback: AppImpl = {
  name: 'playback',
  kind: 'playback',
  run: (sw, leg, data, frame) => {
    const found = sw.opts.sounds.resolve(data);
    const finish = (playedMs: number) => {
      if (found) {
        const samples = Math.round(playedMs * 8);
        leg.setVar('playback_last_offset_pos', String(samples));
        leg.setVar('playback_seconds', String(Math.floor(playedMs / 1000)));
        leg.setVar('playback_ms', String(Math.round(playedMs)));
        leg.setVar('playback_samples', String(samples));
      }
      leg.setVar('current_application_response', found ? 'FILE PLAYED' : 'FILE NOT FOUND');
      frame.complete();
    };
    if (!found) return finish(0);
    const ms = Number.isFinite(found.durationMs) ? found.durationMs : 24 * 3600_000;
    frame.timer = sw.later(ms, () => finish(ms));
  },
};

const sleepApp: AppImpl = {
  name: 'sleep',
  kind: 'playback',
  run: (sw, _leg, data, frame) => {
    frame.timer = sw.later(Math.max(0, Number.parseInt(data, 10) || 0), () => frame.complete());
  },
};

export const APPS: Record<string, AppImpl> = {
  answer: instant('answer', (sw, leg) => sw.answer(leg)),
  set: instant('set', (_sw, leg, data) => setVariable(leg, data)),
  export: instant('export', (_sw, leg, data) => {
    setVariable(leg, data);
    const name = data.slice(0, Math.max(0, data.indexOf('=')));
    if (name) {
      const list = leg.getVar('export_vars');
      leg.setVar('export_vars', list ? `${list},${name}` : name);
    }
  }),
  unset: instant('unset', (_sw, leg, data) => leg.setVar(data, undefined)),
  hangup: {
    name: 'hangup',
    kind: 'instant',
    run: (sw, leg, data) => {
      const cause = causeFromString(data || 'NORMAL_CLEARING');
      sw.hangup(leg, cause === 'NONE' ? 'NORMAL_CLEARING' : cause);
    },
  },
  park: { name: 'park', kind: 'park', run: () => {} },
  playback,
  sleep: sleepApp,
  start_dtmf: instant('start_dtmf'),
  stop_dtmf: instant('stop_dtmf'),
  spandsp_start_dtmf: instant('spandsp_start_dtmf'),
  spandsp_stop_dtmf: instant('spandsp_stop_dtmf'),
  deduplicate_dtmf: instant('deduplicate_dtmf'),
  record_session: instant('record_session', (_sw, leg, data) => {
    if (data) leg.recordings.set(data, { masked: false });
  }),
  record_session_mask: instant('record_session_mask', (_sw, leg, data) => {
    const r = leg.recordings.get(data);
    if (r) r.masked = true;
  }),
  record_session_unmask: instant('record_session_unmask', (_sw, leg, data) => {
    const r = leg.recordings.get(data);
    if (r) r.masked = false;
  }),
  stop_record_session: instant('stop_record_session', (_sw, leg, data) => {
    leg.recordings.delete(data);
  }),
  log: instant('log'),
  conference: {
    name: 'conference',
    kind: 'conference',
    run: (sw, leg, data, frame) => sw.conferences.join(leg, data, frame),
  },
};
