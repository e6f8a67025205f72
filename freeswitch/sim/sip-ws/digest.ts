// SIP digest authentication (RFC 2617 / 3261 §22, MD5, qop=auth) as sofia does it: the challenge, and checking an Authorization against an A1 hash.
import { createHash, randomUUID } from 'node:crypto';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** MD5(user:realm:password): what FreeSWITCH's directory `a1-hash` param holds. */
export function a1Hash(user: string, realm: string, password: string): string {
  return md5(`${user}:${realm}:${password}`);
}

export interface Challenge {
  realm: string;
  nonce: string;
  /** the WWW-Authenticate value */
  header: string;
}

/** A fresh challenge, worded like sofia's (`Digest realm="…", nonce="<uuid>", algorithm=MD5, qop="auth"`). */
export function challenge(realm: string): Challenge {
  const nonce = randomUUID();
  return { realm, nonce, header: `Digest realm="${realm}", nonce="${nonce}", algorithm=MD5, qop="auth"` };
}

export type Credentials = Record<string, string>;

/** The fields of an `Authorization: Digest a="b", c=d` header; null when it is not a digest. */
export function parseAuthorization(value: string | undefined): Credentials | null {
  if (!value || !/^digest\s/i.test(value)) return null;
  const out: Credentials = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
  for (let m = re.exec(value.slice(7)); m; m = re.exec(value.slice(7))) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  return out;
}

/** Whether `creds` answer `nonce` for `method` with the user's A1 hash. */
export function verifyDigest(creds: Credentials, method: string, nonce: string, a1: string): boolean {
  if (creds.nonce !== nonce || !creds.uri || !creds.response) return false;
  if (creds.algorithm && creds.algorithm.toUpperCase() !== 'MD5') return false;
  const ha2 = md5(`${method}:${creds.uri}`);
  const expected = creds.qop
    ? md5(`${a1}:${nonce}:${creds.nc ?? ''}:${creds.cnonce ?? ''}:${creds.qop}:${ha2}`)
    : md5(`${a1}:${nonce}:${ha2}`);
  return expected === creds.response.toLowerCase();
}

/** The Authorization a UA would send (for tests and the test SIP client). */
export function authorize(c: { user: string; password: string; realm: string; nonce: string; method: string; uri: string; cnonce?: string; nc?: string }): string {
  const cnonce = c.cnonce ?? randomUUID().replace(/-/g, '').slice(0, 12);
  const nc = c.nc ?? '00000001';
  const response = md5(`${a1Hash(c.user, c.realm, c.password)}:${c.nonce}:${nc}:${cnonce}:auth:${md5(`${c.method}:${c.uri}`)}`);
  return `Digest algorithm=MD5, username="${c.user}", realm="${c.realm}", nonce="${c.nonce}", uri="${c.uri}", response="${response}", qop=auth, cnonce="${cnonce}", nc=${nc}`;
}
