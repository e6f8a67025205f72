// Config check of freeswitch/conf without FreeSWITCH: well-formed XML after FreeSWITCH's preprocessing, ESL on loopback only, no digit leaks by config, contract names, prompts present and playable.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  numberPrompt,
  CONFERENCE_PROFILE, CONTEXT_INBOUND, CONTEXT_TEST, PROMPTS, PROMPT_LANGS, ROOM_PREFIX, TEST_PHONE_EXTENSION, VAR, promptPath,
} from '../../server/esl/contract.js';
import { numberWords } from '../../server/ivr/say-amount.js';
import { preprocess } from '../support/freeswitch-config-preprocess.js';
import { all, child, configuration, dialplanContext, param, params, parse, wellFormed } from '../support/freeswitch-config-xml.js';
import { hunt } from '../support/freeswitch-config-dialplan.js';
import { wavInfo } from '../support/freeswitch-config-wav.js';

const root = resolve(import.meta.dirname, '../..');
const conf = join(root, 'freeswitch/conf');
const sounds = join(root, 'freeswitch/sounds');
const prompts = join(root, 'freeswitch/prompts');
// FreeSWITCH's own variables, as run-freeswitch.sh / "freeswitch -sounds freeswitch/sounds" set them
const core = {
  local_ip_v4: '192.0.2.10', local_ip_v6: '::1', hostname: 'fs', switch_serial: '0',
  base_dir: '/usr', conf_dir: conf, sounds_dir: sounds, recordings_dir: '/var/lib/freeswitch/recordings',
  certs_dir: '/etc/freeswitch/tls', log_dir: '/var/log/freeswitch', temp_dir: '/tmp', storage_dir: '/var/lib/freeswitch/storage',
};
const noEnv = {};
const pre = preprocess(conf, core, noEnv);
const doc = parse(pre.xml);

const xmlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? xmlFiles(join(dir, d.name)) : d.name.endsWith('.xml') ? [join(dir, d.name)] : []);
const sofiaProfiles = () => all(configuration(doc, 'sofia')!, 'profile');
const profile = (name: string) => sofiaProfiles().find((p) => p.attrs.name === name);
const settings = (name: string) => child(profile(name), 'settings');

describe('freeswitch/conf XML', () => {
  it.each(xmlFiles(conf).map((f) => [relative(conf, f), f]))('%s is well-formed on its own', (_, f) => {
    expect(wellFormed(readFileSync(f, 'utf8'))).toBe(true);
  });

  it('expands (includes, variables) into one well-formed freeswitch/xml document', () => {
    expect(wellFormed(pre.xml)).toBe(true);
    expect(doc.name).toBe('document');
    expect(doc.attrs.type).toBe('freeswitch/xml');
    expect(all(doc, 'section').map((s) => s.attrs.name).sort()).toEqual(['configuration', 'dialplan', 'directory']);
  });

  it('reaches every XML file through an include (no file FreeSWITCH silently ignores)', () => {
    expect(xmlFiles(conf).filter((f) => !pre.files.includes(f)).map((f) => relative(conf, f))).toEqual([]);
  });

  it('uses no undefined $${variable}', () => {
    expect([...new Set(pre.undefinedVars)]).toEqual([]);
  });

  it('has preprocessor directives only as elements, never inside comments (FreeSWITCH would run them)', () => {
    for (const f of xmlFiles(conf)) {
      const text = readFileSync(f, 'utf8');
      const mentions = (text.match(/X-PRE-PROCESS/gi) ?? []).length;
      expect(all(parse(`<r>${text.replace(/<\?xml[^>]*\?>/, '')}</r>`), 'X-PRE-PROCESS').length, relative(conf, f)).toBe(mentions);
    }
  });

  it('loads the modules ivrpay needs and nothing else', () => {
    const loaded = all(configuration(doc, 'modules')!, 'load').map((l) => l.attrs.module);
    expect(loaded.sort()).toEqual(
      ['mod_cdr_csv', 'mod_commands', 'mod_conference', 'mod_console', 'mod_dialplan_xml', 'mod_dptools', 'mod_event_socket',
        'mod_logfile', 'mod_loopback', 'mod_native_file', 'mod_opus', 'mod_sndfile', 'mod_sofia', 'mod_spandsp', 'mod_tone_stream', 'mod_xml_curl'].sort());
    expect(loaded.indexOf('mod_logfile')).toBeLessThan(loaded.indexOf('mod_sofia'));
    const order = all(configuration(doc, 'modules')!, 'load').map((l) => l.attrs.module);
    expect(order.indexOf('mod_xml_curl')).toBeLessThan(order.indexOf('mod_sofia'));
  });

  it('gives every loaded module that reads a config file one (a missing one is an ERR line at start)', () => {
    for (const name of ['switch', 'event_socket', 'logfile', 'console', 'cdr_csv', 'acl', 'conference', 'sofia', 'opus', 'xml_curl']) {
      expect(configuration(doc, name), `${name}.conf`).toBeDefined();
    }
  });
});

describe('Event Socket', () => {
  const esl = child(configuration(doc, 'event_socket'), 'settings');

  it('listens on 127.0.0.1 only, with the loopback ACL', () => {
    expect(param(esl, 'listen-ip')).toBe('127.0.0.1');
    expect(param(esl, 'listen-port')).toBe('8021');
    expect(params(esl).get('apply-inbound-acl')).toEqual(['loopback.auto']);
  });

  it('takes its password from the environment, with no literal default', () => {
    const raw = readFileSync(join(conf, 'autoload_configs/event_socket.conf.xml'), 'utf8');
    expect(raw).toMatch(/name="password" value="\$\$\{[a-z_]+\}"/);
    const all = xmlFiles(conf).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all).not.toMatch(/ClueCon/i);
    const varName = /name="password" value="\$\$\{([a-z_]+)\}"/.exec(raw)![1]!;
    expect(all).not.toMatch(new RegExp(`cmd="set" data="${varName}=`)); // only env-set / exec-set
    const pw = (env: Record<string, string>) => param(child(configuration(parse(preprocess(conf, core, env).xml), 'event_socket'), 'settings'), 'password');
    expect(pw({ IVRPAY_ESL_PASSWORD: 'from-ivrpay' })).toBe('from-ivrpay');
    expect(pw({ IVRPAY_ESL_PASSWORD: 'from-ivrpay', FS_ESL_PASSWORD: 'from-fs' })).toBe('from-fs');
    expect(pw({ IVRPAY_ESL_PASSWORD: '' })).toBe('<exec>'); // empty: random, never FreeSWITCH's ClueCon fallback
    expect(pw({})).toBe('<exec>');
    expect(pre.execs.some((c) => c.includes('/dev/urandom'))).toBe(true);
  });
});

describe('SIP directory from the ivrpay server (mod_xml_curl)', () => {
  const bindings = () => all(configuration(doc, 'xml_curl')!, 'binding');

  it('has one binding, for the directory only, to the loopback URL, with the ESL password as basic auth', () => {
    expect(bindings()).toHaveLength(1);
    const url = all(bindings()[0]!, 'param').find((p) => p.attrs.name === 'gateway-url')!;
    expect(url.attrs.bindings).toBe('directory');
    expect(url.attrs.value).toBe('http://127.0.0.1:8080/freeswitch/directory');
    expect(param(bindings()[0], 'auth-scheme')).toBe('basic');
    const raw = readFileSync(join(conf, 'autoload_configs/xml_curl.conf.xml'), 'utf8');
    expect(raw).toContain('value="freeswitch:$${ivrpay_esl_password}"');
    const moved = parse(preprocess(conf, core, { IVRPAY_FS_DIRECTORY_URL: 'http://127.0.0.1:9090/freeswitch/directory' }).xml);
    expect(param(all(configuration(moved, 'xml_curl')!, 'binding')[0], 'gateway-url')).toBe('http://127.0.0.1:9090/freeswitch/directory');
  });

  it('posts only the fields the server reads', () => {
    const posted = all(bindings()[0]!, 'param').filter((p) => p.attrs.name === 'enable-post-var').map((p) => p.attrs.value);
    expect(posted.sort()).toEqual(['action', 'domain', 'purpose', 'sip_auth_realm', 'sip_auth_username', 'sip_profile', 'user']);
  });

  it('moves every port from the environment (a second switch on one host)', () => {
    const env = { IVRPAY_FS_ESL_PORT: '8031', IVRPAY_FS_TRUNK_PORT: '5180', IVRPAY_FS_WEBRTC_SIP_PORT: '5160', IVRPAY_FS_WS_PORT: '5166', IVRPAY_FS_WSS_PORT: '7543' };
    const moved = parse(preprocess(conf, core, env).xml);
    expect(param(child(configuration(moved, 'event_socket'), 'settings'), 'listen-port')).toBe('8031');
    const prof = (n: string) => child(all(configuration(moved, 'sofia')!, 'profile').find((p) => p.attrs.name === n), 'settings');
    expect(param(prof('ivrpay-trunk'), 'sip-port')).toBe('5180');
    expect(param(prof('ivrpay-webrtc'), 'sip-port')).toBe('5160');
    expect(param(prof('ivrpay-webrtc'), 'ws-binding')).toBe(':5166');
    expect(param(prof('ivrpay-webrtc'), 'wss-binding')).toBe(':7543');
  });
});

describe('logging and CDRs never carry digits', () => {
  const QUIET = ['notice', 'warning', 'err', 'crit', 'alert'];

  it('global and console log levels are NOTICE or quieter', () => {
    expect(QUIET).toContain(param(child(configuration(doc, 'switch'), 'settings'), 'loglevel'));
    expect(QUIET).toContain(param(child(configuration(doc, 'console'), 'settings'), 'loglevel'));
  });

  it('no log map lets debug or info lines through', () => {
    const maps = [...all(configuration(doc, 'logfile')!, 'map'), ...all(configuration(doc, 'console')!, 'map')];
    expect(maps.length).toBeGreaterThan(0);
    for (const m of maps) expect((m.attrs.value ?? '').split(',').filter((v) => /^(debug|info|all)$/i.test(v.trim()))).toEqual([]);
  });

  it('sofia logs nothing extra', () => {
    expect(param(child(configuration(doc, 'sofia'), 'global_settings'), 'log-level')).toBe('0');
    for (const p of sofiaProfiles()) {
      expect(param(child(p, 'settings'), 'debug') ?? '0').toBe('0');
      expect(param(child(p, 'settings'), 'sip-trace') ?? 'no').toBe('no');
    }
  });

  it('CDR templates hold no digit-bearing variable', () => {
    const cdr = configuration(doc, 'cdr_csv')!;
    const templates = all(cdr, 'template');
    expect(templates.map((t) => t.attrs.name)).toContain(param(child(cdr, 'settings'), 'default-template'));
    for (const t of templates) {
      expect(t.text).not.toMatch(/digits_dialed|last_arg|last_app|read_result|_digits\b|playback_terminator_used|last_matching_digits/);
    }
  });

  it('no config-wide switch that would print or keep digits (verbose channel events, crypto keys)', () => {
    const sw = child(configuration(doc, 'switch'), 'settings');
    expect(param(sw, 'verbose-channel-events') ?? 'no').toMatch(/^(no|false)$/);
    expect(param(sw, 'rtp-retain-crypto-keys') ?? 'false').toBe('false');
  });
});

describe('SIP profiles', () => {
  it('has the trunk and WebRTC profiles', () => {
    expect(sofiaProfiles().map((p) => p.attrs.name).sort()).toEqual(['ivrpay-trunk', 'ivrpay-webrtc']);
  });

  it('never passes RFC2833 through raw', () => {
    for (const p of sofiaProfiles()) expect(param(child(p, 'settings'), 'pass-rfc2833') ?? 'false', p.attrs.name).toMatch(/^(false|no)$/);
    expect(pre.xml).not.toMatch(/pass_rfc2833=(true|yes|on)/i);
    for (const p of sofiaProfiles()) expect(param(child(p, 'settings'), 'rfc2833-pt')).toBe('101');
  });

  it('trunk: UDP/TCP 5080 into context ivrpay, only from the trunk ACL, no REFER', () => {
    const s = settings('ivrpay-trunk');
    expect(param(s, 'sip-port')).toBe('5080');
    expect(param(s, 'context')).toBe(CONTEXT_INBOUND);
    expect(param(s, 'sip-ip')).toBe(core.local_ip_v4);
    expect(param(s, 'disable-transfer')).toBe('true');
    expect(param(s, 'inbound-codec-prefs')).toBe('PCMU,PCMA,OPUS');
    const acl = param(s, 'apply-inbound-acl');
    const list = all(configuration(doc, 'acl')!, 'list').find((l) => l.attrs.name === acl);
    expect(list?.attrs.default).toBe('deny');
    expect(all(list!, 'node').map((n) => n.attrs.cidr)).toEqual(['127.0.0.1/32']);
    const withTrunk = parse(preprocess(conf, core, { IVRPAY_FS_TRUNK_CIDRS: '203.0.113.10/32,198.51.100.0/24' }).xml);
    expect(all(configuration(withTrunk, 'acl')!, 'node').map((n) => n.attrs.cidr)).toEqual(['203.0.113.10/32,198.51.100.0/24']);
  });

  it('binds to $${local_ip_v4} unless IVRPAY_FS_SIP_IP says otherwise', () => {
    const moved = parse(preprocess(conf, core, { IVRPAY_FS_SIP_IP: '10.1.2.3' }).xml);
    for (const p of all(configuration(moved, 'sofia')!, 'profile')) {
      expect(param(child(p, 'settings'), 'sip-ip')).toBe('10.1.2.3');
      expect(param(child(p, 'settings'), 'rtp-ip')).toBe('10.1.2.3');
    }
  });

  it('WebRTC: WS 5066, WSS 7443, candidate ACLs, Opus and PCMU, challenged users', () => {
    const s = settings('ivrpay-webrtc');
    expect(param(s, 'ws-binding')).toBe(':5066');
    expect(param(s, 'wss-binding')).toBe(':7443');
    expect(param(s, 'tls-cert-dir')).toBe(core.certs_dir);
    expect(params(s).get('apply-candidate-acl')?.length).toBeGreaterThan(0);
    expect(param(s, 'inbound-codec-prefs')).toBe('OPUS,PCMU');
    expect(param(s, 'auth-calls')).toBe('true');
    expect(param(s, 'context')).not.toBe(CONTEXT_TEST);
  });
});

describe('dialplan', () => {
  const inbound = dialplanContext(doc, CONTEXT_INBOUND)!;

  it.each(['0312345678', '+81312345678', '05012345678', '12'])('%s dialed from a trunk becomes a customer in its own room', (did) => {
    const h = hunt(inbound, { destination_number: did, chan_name: 'sofia/ivrpay-trunk/x', ivrpay_record: 'false' })!;
    const apps = h.actions.map((a) => a.app);
    const data = (app: string) => h.actions.filter((a) => a.app === app).map((a) => a.data);
    expect(data('set')).toEqual(expect.arrayContaining([
      `${VAR.role}=customer`, `${VAR.did}=${did}`, 'conference_controls=none', 'playback_terminators=none']));
    expect(data('conference')).toEqual([`${ROOM_PREFIX}\${uuid}@${CONFERENCE_PROFILE}`]);
    const detector = apps.findIndex((a) => a === 'spandsp_start_dtmf' || a === 'start_dtmf');
    expect(detector).toBeGreaterThan(apps.indexOf('answer'));
    expect(detector).toBeLessThan(apps.indexOf('conference'));
    expect(apps.indexOf('deduplicate_dtmf')).toBeLessThan(detector);
    expect(apps.at(-1)).toBe('conference');
    expect(apps.filter((a) => /^(read|play_and_get_digits|bind_digit_action|record_session_mask|sensitive)/.test(a) || a.includes('mute'))).toEqual([]);
  });

  it('masks digits_dialed completely', () => {
    const h = hunt(inbound, { destination_number: '0312345678' })!;
    const filter = h.actions.find((a) => a.app === 'set' && a.data.startsWith('digits_dialed_filter='))!.data.split('=')[1]!;
    const masked = '4111111111111111#1230123#'.replace(new RegExp(filter), (m) => 'X'.repeat(m.length));
    expect(masked).toMatch(/^X+$/);
  });

  it('records the customer leg only when asked to, before the room', () => {
    const off = hunt(inbound, { destination_number: '0312345678', ivrpay_record: 'false' })!.actions.map((a) => a.app);
    expect(off).not.toContain('record_session');
    const on = hunt(inbound, { destination_number: '0312345678', ivrpay_record: 'true' })!.actions;
    expect(on.map((a) => a.app).indexOf('record_session')).toBeLessThan(on.map((a) => a.app).indexOf('conference'));
    expect(on.find((a) => a.app === 'set' && a.data.startsWith(`${VAR.recordPath}=`))).toBeDefined();
  });

  it.each(['ivrpay_phone', '1', 'abc', '+', '123456789012345678901234567890123'])('%s in context ivrpay is hung up as unallocated', (dest) => {
    const h = hunt(inbound, { destination_number: dest })!;
    expect(h.actions).toEqual([{ app: 'hangup', data: 'UNALLOCATED_NUMBER' }]);
  });

  it(`${CONTEXT_TEST}: ${TEST_PHONE_EXTENSION} answers and parks loopback legs only`, () => {
    const test = dialplanContext(doc, CONTEXT_TEST)!;
    const h = hunt(test, { destination_number: TEST_PHONE_EXTENSION, chan_name: `loopback/${TEST_PHONE_EXTENSION}-b` })!;
    expect(h.actions.map((a) => a.app).slice(-2)).toEqual(['answer', 'park']);
    const sip = hunt(test, { destination_number: TEST_PHONE_EXTENSION, chan_name: 'sofia/ivrpay-trunk/x' })!;
    expect(sip.actions.map((a) => a.app)).not.toContain('park');
  });

  it(`${CONTEXT_TEST}: the click-to-call test phone answers any number, on loopback legs only`, () => {
    const test = dialplanContext(doc, CONTEXT_TEST)!;
    expect(hunt(test, { destination_number: '09012345678', chan_name: 'loopback/09012345678-b' })!.actions.map((a) => a.app).slice(-2)).toEqual(['answer', 'park']);
    expect(hunt(test, { destination_number: '09012345678', chan_name: 'sofia/ivrpay-trunk/x' })!.actions.map((a) => a.app)).not.toContain('park');
  });

  it(`${CONTEXT_TEST} is reachable from no SIP profile, gateway, directory user or transfer`, () => {
    const entry = new Set<string>();
    for (const p of sofiaProfiles()) entry.add(param(child(p, 'settings'), 'context') ?? 'public');
    for (const g of all(configuration(doc, 'sofia')!, 'gateway')) entry.add(param(g, 'context') ?? 'default');
    const directory = all(doc, 'section').find((s) => s.attrs.name === 'directory')!;
    for (const v of all(directory, 'variable').filter((v) => v.attrs.name === 'user_context')) entry.add(v.attrs.value ?? '');
    const reachable = new Set<string>();
    const visit = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      const ctx = dialplanContext(doc, name);
      for (const a of ctx ? [...all(ctx, 'action'), ...all(ctx, 'anti-action')] : []) {
        if (!/^(transfer|execute_extension)$/.test(a.attrs.application ?? '')) continue;
        const [, , target] = (a.attrs.data ?? '').split(/\s+/);
        visit(target || name);
      }
    };
    entry.forEach(visit);
    expect(reachable.has(CONTEXT_INBOUND)).toBe(true);
    expect(reachable.has(CONTEXT_TEST)).toBe(false);
  });

  it('never distributes DTMF to other room members', () => {
    expect(JSON.stringify(doc)).not.toMatch(/dist-dtmf/); // comments are not in the parsed tree
  });
});

describe(`conference profile ${CONFERENCE_PROFILE}`, () => {
  const p = all(configuration(doc, 'conference')!, 'profile').find((x) => x.attrs.name === CONFERENCE_PROFILE);

  it('exists with no caller or moderator controls and no member flags', () => {
    expect(param(p, 'caller-controls')).toBe('none');
    expect(param(p, 'moderator-controls')).toBe('none');
    expect(param(p, 'member-flags')).toBeUndefined();
  });

  it('plays no sound of its own over the prompts', () => {
    const sounds = [...params(p).keys()].filter((k) => k.endsWith('-sound') || k === 'perpetual-sound');
    expect(sounds).toEqual([]);
  });

  it('finds prompts under $${sounds_dir}/ivrpay, at the rate of the room', () => {
    expect(param(p, 'sound-prefix')).toBe(join(sounds, 'ivrpay'));
    expect(['8000', '16000']).toContain(param(p, 'rate'));
  });

  it.each(PROMPT_LANGS.flatMap((l) => PROMPTS.map((n) => [l, n] as const)))('prompt %s/%s exists as 8 kHz mono 16-bit PCM, 0.5–8 s', (lang, name) => {
    const rate = Number(param(p, 'rate'));
    const file = join(param(p, 'sound-prefix')!, promptPath(lang, name));
    const w = wavInfo(file);
    expect({ format: w.format, channels: w.channels, rate: w.rate, bits: w.bits }).toEqual({ format: 1, channels: 1, rate: 8000, bits: 16 });
    expect(w.seconds).toBeGreaterThan(0.5);
    expect(w.seconds).toBeLessThan(8);
    if (rate !== 8000) expect(existsSync(join(param(p, 'sound-prefix')!, lang, String(rate), `${name}.wav`))).toBe(true);
  });

  it('every sound file a config value names exists', () => {
    const named = all(doc, 'param').map((x) => x.attrs.value ?? '').filter((v) => /\.(wav|mp3|flac)$/i.test(v));
    for (const v of named) expect(existsSync(v.startsWith('/') ? v : join(param(p, 'sound-prefix')!, v)), v).toBe(true);
  });
});

describe('prompt texts', () => {
  const texts = (lang: string) =>
    new Map(readFileSync(join(prompts, `${lang}.txt`), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const));

  it.each(PROMPT_LANGS)('%s.txt has one text for every prompt and every number word, and no other', (lang) => {
    const numbers = numberWords(lang).map(numberPrompt);
    expect([...texts(lang).keys()].sort()).toEqual([...PROMPTS, ...numbers].sort());
    for (const [name, t] of texts(lang)) expect(t.length, name).toBeGreaterThan(name.startsWith('num-') ? 0 : 5);
  });

  it.each(PROMPT_LANGS)('every %s number word exists as 8 kHz audio', (lang) => {
    for (const w of numberWords(lang)) expect(existsSync(join(sounds, 'ivrpay', lang, `${numberPrompt(w)}.wav`)), w).toBe(true);
  });

  it('Japanese texts are kana only (espeak-ng -v ja cannot read kanji)', () => {
    for (const [name, t] of texts('ja')) expect(t.replace(/[\p{Script=Hiragana}\p{Script=Katakana}ー、。 ]/gu, ''), name).toBe('');
  });

  const espeak = spawnSync('espeak-ng', ['--version']).status === 0;
  it.skipIf(!espeak)('espeak-ng reads every Japanese text as Japanese (no "(en)" switch in its phonemes)', () => {
    for (const [name, t] of texts('ja')) {
      expect(execFileSync('espeak-ng', ['-v', 'ja', '-q', '-x', t]).toString(), name).not.toContain('(en)');
    }
  });

  it('npm run prompts runs generate.sh', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prompts).toBe('bash freeswitch/prompts/generate.sh');
    expect(existsSync(join(prompts, 'generate.sh'))).toBe(true);
  });
});
