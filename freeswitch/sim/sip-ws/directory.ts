// What mod_xml_curl does for the directory: POSTs a lookup (the form fields freeswitch/conf's binding lets through) to the
// configured URL with basic auth, and reads the user's a1-hash/password and variables from the XML answer. No caching.

export interface DirectoryBinding {
  /** gateway-url of the xml_curl binding */
  url: string;
  /** gateway-credentials, `user:password` (auth-scheme basic) */
  credentials?: string;
  /** the `hostname` field (FreeSWITCH's switchname) */
  hostname?: string;
  timeoutMs?: number;
}

export interface DirectoryLookup {
  action: 'sip_auth' | 'user_call';
  user: string;
  domain: string;
  sipAuthUsername?: string;
  sipAuthRealm?: string;
  sipProfile?: string;
}

export interface DirectoryUser {
  id: string;
  /** user params (`a1-hash`, `password`, …) */
  params: Record<string, string>;
  /** user variables, then domain variables where the user has none */
  variables: Record<string, string>;
  /** domain params (`dial-string`) */
  domainParams: Record<string, string>;
}

/** The form mod_xml_curl posts: the lookup itself, then the event's fields in the order FreeSWITCH adds them. */
export function lookupForm(l: DirectoryLookup, hostname = 'sim'): URLSearchParams {
  const f = new URLSearchParams({ hostname, section: 'directory', tag_name: 'domain', key_name: 'name', key_value: l.domain });
  f.append('action', l.action);
  if (l.sipProfile) f.append('sip_profile', l.sipProfile);
  if (l.sipAuthUsername !== undefined) f.append('sip_auth_username', l.sipAuthUsername);
  if (l.sipAuthRealm !== undefined) f.append('sip_auth_realm', l.sipAuthRealm);
  f.append('user', l.user);
  f.append('domain', l.domain);
  return f;
}

/** Asks the directory; null when it answers "not found", does not answer, or answers without this user. */
export async function lookupUser(b: DirectoryBinding, l: DirectoryLookup): Promise<DirectoryUser | null> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'freeswitch-xml/1.0' };
  if (b.credentials) headers.authorization = `Basic ${Buffer.from(b.credentials).toString('base64')}`;
  try {
    const res = await fetch(b.url, { method: 'POST', headers, body: lookupForm(l, b.hostname).toString(), signal: AbortSignal.timeout(b.timeoutMs ?? 3000) });
    if (!res.ok) return null;
    return parseDirectoryUser(await res.text(), l.user);
  } catch {
    return null; // mod_xml_curl: an error means "no answer", FreeSWITCH falls back to its static directory (no users)
  }
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*"([^"]*)"/g)) out[m[1]!] = decode(m[2]!);
  return out;
}

/** name → value of every `<tag name=".." value=".."/>` inside `xml`. */
function pairs(xml: string | undefined, tag: 'param' | 'variable'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (xml ?? '').matchAll(new RegExp(`<${tag}\\b([^>]*?)/?>`, 'g'))) {
    const a = attrs(m[1]!);
    if (a.name !== undefined) out[a.name] = a.value ?? '';
  }
  return out;
}

const block = (xml: string, tag: string): string | undefined => new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];

/** Reads one user out of a `freeswitch/xml` directory document. */
export function parseDirectoryUser(xml: string, user: string): DirectoryUser | null {
  if (!/<section\s+name="directory"/.test(xml)) return null;
  const domain = block(xml, 'domain');
  if (!domain) return null;
  for (const m of domain.matchAll(/<user\b([^>]*?)(\/>|>([\s\S]*?)<\/user>)/g)) {
    const a = attrs(m[1]!);
    if (a.id !== user) continue;
    const body = m[3] ?? '';
    const domainWithoutUsers = domain.replace(/<groups\b[\s\S]*<\/groups>|<users\b[\s\S]*<\/users>/g, '');
    const variables = { ...pairs(block(domainWithoutUsers, 'variables'), 'variable'), ...pairs(block(body, 'variables'), 'variable') };
    return { id: user, params: pairs(block(body, 'params'), 'param'), variables, domainParams: pairs(block(domainWithoutUsers, 'params'), 'param') };
  }
  return null;
}
