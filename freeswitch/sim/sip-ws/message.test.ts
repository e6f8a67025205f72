// SIP text, digest and directory parsing used by the simulator's WebSocket endpoint (pure functions).
import { describe, expect, it } from 'vitest';
import { addrName, addrUri, header, headerParam, headerValues, parseSip, printSip, responseTo, uriParts, type SipRequest } from './message.js';
import { a1Hash, authorize, challenge, parseAuthorization, verifyDigest } from './digest.js';
import { lookupForm, parseDirectoryUser } from './directory.js';
import { answerSdp, directionOf, newLocalMedia, offerSdp } from './sdp.js';

const REGISTER = [
  'REGISTER sip:sip.test SIP/2.0',
  'v: SIP/2.0/WSS abc.invalid;branch=z9hG4bK1',
  'f: "Op" <sip:op_1@sip.test>;tag=ft',
  't: <sip:op_1@sip.test>',
  'i: cid-1',
  'CSeq: 2 REGISTER',
  'm: <sip:x1@abc.invalid;transport=ws>;expires=300, <sip:x2@abc.invalid;transport=ws>',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('SIP messages', () => {
  it('parses compact headers, lists and parameters', () => {
    const m = parseSip(REGISTER) as SipRequest;
    expect(m).toMatchObject({ kind: 'request', method: 'REGISTER', uri: 'sip:sip.test' });
    expect(header(m, 'From')).toBe('"Op" <sip:op_1@sip.test>;tag=ft');
    expect(headerParam(header(m, 'from'), 'tag')).toBe('ft');
    expect(headerValues(m, 'Contact')).toHaveLength(2);
    expect(headerParam(headerValues(m, 'Contact')[0], 'expires')).toBe('300');
    expect(addrUri(header(m, 'Contact')!)).toBe('sip:x1@abc.invalid;transport=ws');
    expect(addrName(header(m, 'f')!)).toBe('Op');
    expect(uriParts('sip:op_1@sip.test:5066;transport=ws')).toEqual({ user: 'op_1', host: 'sip.test:5066' });
    expect(parseSip('\r\n\r\n')).toBeNull();
  });

  it('answers with the request headers copied, a To tag added and a correct Content-Length', () => {
    const r = responseTo(parseSip(REGISTER) as SipRequest, 200, 'OK', { toTag: 'tt', body: 'é' });
    const text = printSip(r);
    expect(text).toMatch(/^SIP\/2\.0 200 OK\r\n/);
    expect(text).toContain('t: <sip:op_1@sip.test>;tag=tt');
    expect(text).toContain('Content-Length: 2\r\n\r\né');
    expect(parseSip(text)).toMatchObject({ kind: 'response', status: 200, body: 'é' });
  });
});

describe('digest', () => {
  it('accepts what a UA computes from the password and refuses anything else', () => {
    const c = challenge('sip.test');
    const a1 = a1Hash('op_1', 'sip.test', 'pw');
    const auth = parseAuthorization(authorize({ user: 'op_1', password: 'pw', realm: 'sip.test', nonce: c.nonce, method: 'REGISTER', uri: 'sip:sip.test' }))!;
    expect(verifyDigest(auth, 'REGISTER', c.nonce, a1)).toBe(true);
    expect(verifyDigest(auth, 'INVITE', c.nonce, a1)).toBe(false);
    expect(verifyDigest(auth, 'REGISTER', 'other', a1)).toBe(false);
    expect(verifyDigest(auth, 'REGISTER', c.nonce, a1Hash('op_1', 'sip.test', 'other'))).toBe(false);
    expect(parseAuthorization('Basic abc')).toBeNull();
  });
});

describe('directory (mod_xml_curl)', () => {
  it('posts the lookup as FreeSWITCH does and reads the user, its params and variables', () => {
    const f = lookupForm({ action: 'sip_auth', user: 'op_1', domain: 'sip.test', sipAuthUsername: 'op_1', sipAuthRealm: 'sip.test' });
    expect(f.toString()).toBe('hostname=sim&section=directory&tag_name=domain&key_name=name&key_value=sip.test&action=sip_auth&sip_auth_username=op_1&sip_auth_realm=sip.test&user=op_1&domain=sip.test');
    const xml = `<document type="freeswitch/xml"><section name="directory"><domain name="sip.test">
      <params><param name="dial-string" value="{^^:a=b}x"/></params><variables><variable name="user_context" value="ctx"/></variables>
      <users><user id="op_2"><params><param name="a1-hash" value="no"/></params></user>
      <user id="op_1"><params><param name="a1-hash" value="abc&amp;"/></params><variables><variable name="ivrpay_operator" value="op_1"/></variables></user></users></domain></section></document>`;
    expect(parseDirectoryUser(xml, 'op_1')).toEqual({
      id: 'op_1',
      params: { 'a1-hash': 'abc&' },
      variables: { user_context: 'ctx', ivrpay_operator: 'op_1' },
      domainParams: { 'dial-string': '{^^:a=b}x' },
    });
    expect(parseDirectoryUser(xml, 'op_3')).toBeNull();
    expect(parseDirectoryUser('<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>', 'op_1')).toBeNull();
  });
});

describe('SDP', () => {
  it('offers ICE credentials, a fingerprint and rtcp-mux with no candidate; answers re-offers in the reverse direction', () => {
    const m = newLocalMedia();
    const offer = offerSdp(m, '127.0.0.1');
    expect(offer).toMatch(/a=setup:actpass/);
    expect(offer).not.toMatch(/candidate/);
    expect(directionOf(offer)).toBe('sendrecv');
    const a = answerSdp(m, '127.0.0.1', 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\na=ice-ufrag:u1\r\na=mid:audio\r\na=inactive\r\n');
    expect(a.direction).toBe('inactive');
    expect(a.sdp).toMatch(/a=mid:audio/);
    expect(a.iceRestart).toBe(false);
    expect(answerSdp(m, '127.0.0.1', 'v=0\r\nm=audio 9 x 111\r\na=ice-ufrag:u2\r\na=sendonly\r\n')).toMatchObject({ direction: 'recvonly', iceRestart: true });
  });
});
