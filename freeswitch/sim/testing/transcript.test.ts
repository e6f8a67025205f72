// The .esl transcript format and ESL message splitting.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageSplitter, formatTranscript, messagesOf, parseEvent, parseTranscript } from './transcript.js';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/esl');

describe('transcript format', () => {
  it('round-trips a real capture byte for byte', () => {
    const file = readFileSync(join(FIXTURES, '01a-auth-ok.esl'));
    const records = parseTranscript(file);
    const head = records.filter((r) => r.kind === 'note').length;
    expect(head).toBeGreaterThan(0);
    const rebuilt = formatTranscript([], records);
    expect(parseTranscript(rebuilt)).toEqual(records);
  });

  it('reassembles messages split across reads and several per read', () => {
    const records = parseTranscript(readFileSync(join(FIXTURES, '05a-conference.esl')));
    const msgs = messagesOf(records, 'S>C');
    expect(msgs.length).toBeGreaterThan(50);
    for (const m of msgs) {
      const clen = m.headers.find(([k]) => k === 'Content-Length')?.[1];
      if (clen) expect(m.body.length).toBe(Number(clen));
    }
  });
});

describe('MessageSplitter and parseEvent', () => {
  it('parses plain and json events, duplicate keys and bodies included', () => {
    const s = new MessageSplitter();
    const plainBody = 'Event-Name: BACKGROUND_JOB\nJob-Command: status\nContent-Length: 4\n\n+OK\n';
    const json = '{"Event-Name":"CUSTOM","A":"1","A":"2","variable_DP_MATCH":["x","y"],"Content-Length":"3","_body":"ok\\n"}';
    const wire = `Content-Length: ${plainBody.length}\nContent-Type: text/event-plain\n\n${plainBody}Content-Length: ${json.length}\nContent-Type: text/event-json\n\n${json}`;
    const [p, j] = s.push(Buffer.from(wire));
    expect(parseEvent(p!)).toEqual({ format: 'plain', headers: [['Event-Name', 'BACKGROUND_JOB'], ['Job-Command', 'status'], ['Content-Length', '4']], body: '+OK\n' });
    expect(parseEvent(j!)).toEqual({
      format: 'json',
      headers: [['Event-Name', 'CUSTOM'], ['A', '1'], ['A', '2'], ['variable_DP_MATCH', 'ARRAY::x|:y'], ['Content-Length', '3']],
      body: 'ok\n',
    });
    expect(s.pending).toBe(0);
  });
});
