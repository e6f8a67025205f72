// ESL framing: percent-encoding, plain/json serialization, replies, client packet reading.
import { describe, expect, it } from 'vitest';
import { PacketReader, apiResponse, commandReply, disconnectNotice, eventFrame, jobReply, serializeJson, serializePlain, urlEncode, GOODBYE } from './wire.js';

describe('urlEncode (switch_url_encode)', () => {
  it('encodes what FreeSWITCH encodes and nothing else', () => {
    expect(urlEncode('sofia/external/cust@127.0.0.1:15060')).toBe('sofia/external/cust%40127.0.0.1%3A15060');
    expect(urlEncode('Sun, 22 Nov 2026 18:14:54 GMT')).toBe('Sun,%2022%20Nov%202026%2018%3A14%3A54%20GMT');
    expect(urlEncode('fd00::2')).toBe('fd00%3A%3A2');
    expect(urlEncode('a=b&c+d#e')).toBe('a%3Db%26c%2Bd%23e');
    expect(urlEncode('"x" <y>')).toBe('%22x%22%20%3Cy%3E');
  });

  it('keeps an existing %XX escape but encodes a bare percent', () => {
    expect(urlEncode('tone_stream://%(200,0,800)')).toBe('tone_stream%3A//%25(200,0,800)');
    expect(urlEncode('already%20encoded')).toBe('already%20encoded');
    expect(urlEncode('50%')).toBe('50%25');
  });

  it('encodes UTF-8 bytes one by one', () => {
    expect(urlEncode('カ')).toBe('%E3%82%AB');
  });
});

describe('event serialization', () => {
  it('plain: encoded values, _undef_ for empty, body with its byte length', () => {
    expect(serializePlain([['Event-Name', 'X'], ['Empty', '']])).toBe('Event-Name: X\nEmpty: _undef_\n\n');
    expect(serializePlain([['Job-UUID', 'j']], '+OK ü\n')).toBe('Job-UUID: j\nContent-Length: 7\n\n+OK ü\n');
  });

  it('json: duplicate keys kept, arrays for ARRAY:: values, body in _body', () => {
    expect(serializeJson([['A', '1'], ['A', '2'], ['variable_DP_MATCH', 'ARRAY::0312|:0312']], '+OK\n')).toBe(
      '{"A":"1","A":"2","variable_DP_MATCH":["0312","0312"],"Content-Length":"4","_body":"+OK\\n"}',
    );
  });

  it('frames events with Content-Length first, counting bytes', () => {
    const f = eventFrame('plain', 'Event-Name: ü\n\n').toString();
    expect(f).toBe('Content-Length: 16\nContent-Type: text/event-plain\n\nEvent-Name: ü\n\n');
  });
});

describe('replies', () => {
  it('command/reply has no Content-Length; bgapi adds Job-UUID', () => {
    expect(commandReply('+OK accepted').toString()).toBe('Content-Type: command/reply\nReply-Text: +OK accepted\n\n');
    expect(jobReply('j1').toString()).toBe('Content-Type: command/reply\nReply-Text: +OK Job-UUID: j1\nJob-UUID: j1\n\n');
  });

  it('api/response counts bytes and says -ERR no reply for an empty body', () => {
    expect(apiResponse('true').toString()).toBe('Content-Type: api/response\nContent-Length: 4\n\ntrue');
    expect(apiResponse('').toString()).toBe('Content-Type: api/response\nContent-Length: 14\n\n-ERR no reply\n');
  });

  it('the goodbye notice is 67 bytes', () => {
    expect(disconnectNotice(GOODBYE).toString()).toBe(`Content-Type: text/disconnect-notice\nContent-Length: 67\n\n${GOODBYE}`);
  });
});

describe('PacketReader (read_packet)', () => {
  it('splits packets, ignores CR and leading blank lines, reads headers', () => {
    const r = new PacketReader();
    expect(r.push(Buffer.from('\r\n\nauth ClueCon\r\n\r\napi st'))).toEqual([{ command: 'auth ClueCon', headers: new Map() }]);
    const [p] = r.push(Buffer.from('atus\n\nbgapi status\nJob-UUID: abc\n\n'));
    expect(p).toEqual({ command: 'api status', headers: new Map() });
  });

  it('reads a Content-Length body across chunks', () => {
    const r = new PacketReader();
    expect(r.push(Buffer.from('sendmsg u\ncall-command: execute\nContent-Length: 5\n\nab'))).toEqual([]);
    const [p] = r.push(Buffer.from('cde'));
    expect(p!.body).toBe('abcde');
    expect(p!.headers.get('call-command')).toBe('execute');
  });
});
