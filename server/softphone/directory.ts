// The SIP directory FreeSWITCH asks through mod_xml_curl (freeswitch/conf/autoload_configs/xml_curl.conf.xml): an
// operator with a live softphone credential is a user whose `a1-hash` is derived from that short-lived password;
// anyone else is "not found". Answers only loopback callers that present the shared credentials; never logs bodies.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Softphones } from './softphones.js';

/** The dial string FreeSWITCH uses for `user/<id>`: every registered contact of the user, on any profile. */
export const USER_DIAL_STRING = '{^^:sip_invite_domain=${dialed_domain}:presence_id=${dialed_user}@${dialed_domain}}${sofia_contact(*/${dialed_user}@${dialed_domain})}';
/** Context of calls a browser places itself (freeswitch/conf/dialplan/ivrpay-webrtc.xml rejects them). */
export const WEBRTC_CONTEXT = 'ivrpay-webrtc';

export const NOT_FOUND = '<document type="freeswitch/xml"><section name="result"><result status="not found"/></section></document>';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface DirectoryDeps {
  softphones: Softphones;
  /** whether the operator still exists, is active and belongs to an active merchant */
  operatorActive: (operatorId: string) => Promise<boolean>;
}

/** The XML answer to one lookup (the form mod_xml_curl posts). */
export async function directoryAnswer(form: URLSearchParams, d: DirectoryDeps): Promise<string> {
  if (form.get('section') !== 'directory' || form.get('purpose')) return NOT_FOUND;
  const action = form.get('action') ?? '';
  if (action !== 'sip_auth' && action !== 'user_call') return NOT_FOUND;
  const user = form.get('user') ?? '';
  const domain = form.get('domain') || form.get('key_value') || '';
  if (!/^op_[a-z0-9]{1,40}$/.test(user) || !domain) return NOT_FOUND;
  // the digest realm is the From host the browser used (challenge-realm auto_from); FreeSWITCH sends it for sip_auth
  const realm = form.get('sip_auth_realm') || domain;
  if (!(await d.operatorActive(user))) return NOT_FOUND;
  const a1 = d.softphones.a1Hash(user, realm);
  if (!a1) return NOT_FOUND;
  return [
    '<document type="freeswitch/xml">',
    '<section name="directory">',
    `<domain name="${esc(domain)}">`,
    `<params><param name="dial-string" value="${esc(USER_DIAL_STRING)}"/></params>`,
    `<variables><variable name="user_context" value="${WEBRTC_CONTEXT}"/></variables>`,
    '<groups><group name="operators"><users>',
    `<user id="${user}">`,
    `<params><param name="a1-hash" value="${a1}"/></params>`,
    `<variables><variable name="ivrpay_operator" value="${user}"/><variable name="user_context" value="${WEBRTC_CONTEXT}"/></variables>`,
    '</user>',
    '</users></group></groups>',
    '</domain>',
    '</section>',
    '</document>',
  ].join('');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopback(address: string | undefined): boolean {
  return !!address && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));
}

/**
 * POST /freeswitch/directory. `credentials` = what xml_curl sends as basic auth (`freeswitch:<ESL password>`).
 * Not part of the /v1 API: no CORS, loopback only.
 */
export function directoryRoutes(d: DirectoryDeps & { credentials: string }) {
  const expected = `Basic ${Buffer.from(d.credentials).toString('base64')}`;
  return new Hono().post('/directory', async (c) => {
    let remote: string | undefined;
    try {
      remote = getConnInfo(c).remote.address;
    } catch {
      remote = undefined; // an in-process request has no socket
    }
    if (!isLoopback(remote)) return c.text('forbidden: the directory answers FreeSWITCH on loopback only', 403);
    if (!sameSecret(c.req.header('authorization') ?? '', expected)) {
      c.header('WWW-Authenticate', 'Basic realm="ivrpay-directory"');
      return c.text('unauthorized', 401);
    }
    const form = new URLSearchParams(await c.req.text());
    c.header('Cache-Control', 'no-store');
    return c.body(await directoryAnswer(form, d), 200, { 'Content-Type': 'text/xml' });
  });
}
