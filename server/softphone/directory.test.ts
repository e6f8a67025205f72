// The mod_xml_curl directory answer: a1-hash for live operators, "not found" for everything else; loopback detection.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { directoryAnswer, isLoopback, NOT_FOUND } from './directory.js';
import { Softphones } from './softphones.js';

const form = (o: Record<string, string>) => new URLSearchParams({ hostname: 'fs', section: 'directory', tag_name: 'domain', key_name: 'name', key_value: 'sip.test', domain: 'sip.test', ...o });

describe('directoryAnswer', () => {
  const softphones = new Softphones(600_000);
  const cred = softphones.issue('op_abc');
  const d = { softphones, operatorActive: async (id: string) => id === 'op_abc' };

  it('answers a live operator with the a1-hash for the realm asked, the dial string and the WebRTC context', async () => {
    const xml = await directoryAnswer(form({ action: 'sip_auth', user: 'op_abc', sip_auth_realm: 'other.realm' }), d);
    const a1 = createHash('md5').update(`op_abc:other.realm:${cred.password}`).digest('hex');
    expect(xml).toContain(`<domain name="sip.test">`);
    expect(xml).toContain(`<user id="op_abc"><params><param name="a1-hash" value="${a1}"/></params>`);
    expect(xml).toContain('sofia_contact(*/${dialed_user}@${dialed_domain})');
    expect(xml).toContain('<variable name="user_context" value="ivrpay-webrtc"/>');
    expect(xml).not.toContain(cred.password);
    expect(await directoryAnswer(form({ action: 'user_call', user: 'op_abc' }), d)).toContain('<user id="op_abc">');
  });

  it.each([
    ['an unknown operator', { action: 'sip_auth', user: 'op_zzz' }],
    ['a disabled operator', { action: 'sip_auth', user: 'op_abc', section: 'directory' }],
    ['a gateways scan', { purpose: 'gateways' }],
    ['another section', { section: 'dialplan', action: 'sip_auth', user: 'op_abc' }],
    ['a user that is not an operator id', { action: 'sip_auth', user: '1000' }],
    ['voicemail lookups', { action: 'message-count', user: 'op_abc' }],
  ])('%s: not found', async (what, o) => {
    const deps = what === 'a disabled operator' ? { softphones, operatorActive: async () => false } : d;
    expect(await directoryAnswer(form(o), deps)).toBe(NOT_FOUND);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', undefined, ''].some(isLoopback)).toBe(false);
  });
});
