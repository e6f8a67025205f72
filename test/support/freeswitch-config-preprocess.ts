// Config check helper: FreeSWITCH's XML preprocessor (switch_xml.c preprocess) re-done in TypeScript, so the whole document freeswitch.xml expands to can be checked without FreeSWITCH.
//
// Same rules as FreeSWITCH: line by line; $${var} is expanded first (unknown -> empty); a line holding
// <X-PRE-PROCESS .../> is a directive (even inside a comment) and is not copied; lines holding
// <include>, </include> or <? are dropped; include globs are relative to the including file's folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

export interface Preprocessed {
  /** the document FreeSWITCH parses */
  xml: string;
  /** global variables after preprocessing */
  vars: Map<string, string>;
  /** every file read, in order */
  files: string[];
  /** $${names} used while undefined */
  undefinedVars: string[];
  /** exec-set commands seen (not run here) */
  execs: string[];
}

const DIRECTIVE = /<X-PRE-PROCESS\s+cmd="([^"]*)"\s+data="([^"]*)"\s*\/>/i;

/**
 * Preprocesses <confDir>/freeswitch.xml. `core` seeds FreeSWITCH's own variables (local_ip_v4,
 * sounds_dir, ...); `env` is the process environment env-set reads. exec-set is not run: a
 * command "printenv NAME [| grep .] || true" is modelled on env; any other command prints "<exec>".
 */
export function preprocess(confDir: string, core: Record<string, string>, env: Record<string, string | undefined>): Preprocessed {
  const out: Preprocessed = { xml: '', vars: new Map(Object.entries(core)), files: [], undefinedVars: [], execs: [] };
  const lines: string[] = [];

  const expand = (line: string) =>
    line.replace(/\$\$\{([^}]*)\}/g, (_, name: string) => {
      const v = out.vars.get(name);
      if (v === undefined) out.undefinedVars.push(name);
      return v ?? '';
    });

  const keyval = (data: string): [string, string] | undefined => {
    const i = data.indexOf('=');
    return i < 0 ? undefined : [data.slice(0, i).trim(), data.slice(i + 1).trim()];
  };

  const run = (file: string, depth: number): void => {
    if (depth > 100) throw new Error(`include depth > 100 at ${file}`);
    out.files.push(file);
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      const line = expand(raw);
      if (line.includes('<include>') || line.includes('</include>') || line.includes('<?')) continue;
      const d = DIRECTIVE.exec(line);
      if (!d && /<X-PRE-PROCESS/i.test(line)) throw new Error(`${file}: directive FreeSWITCH would misread: ${raw.trim()}`);
      if (!d) {
        lines.push(line);
        continue;
      }
      const cmd = d[1]!.toLowerCase();
      const data = d[2]!;
      if (cmd === 'include') {
        for (const f of glob(dirname(file), data)) run(f, depth + 1);
      } else if (cmd === 'set') {
        const kv = keyval(data);
        if (kv) out.vars.set(kv[0], kv[1]);
      } else if (cmd === 'env-set') {
        const kv = keyval(data);
        if (kv && kv[1].startsWith('$')) {
          const v = env[kv[1].slice(1)];
          if (v !== undefined) out.vars.set(kv[0], v);
        }
      } else if (cmd === 'exec-set') {
        const kv = keyval(data);
        if (!kv) continue;
        out.execs.push(kv[1]);
        // FreeSWITCH sets the variable when the command printed anything, after trimming trailing
        // spaces/newlines: a lone "\n" sets it to "" (which ESL then treats as ClueCon).
        const printenv = /^printenv ([A-Za-z_][A-Za-z0-9_]*)( \| grep \.)? \|\| true$/.exec(kv[1]);
        let stdout = '<exec>';
        if (printenv) {
          const v = env[printenv[1]!];
          stdout = v === undefined ? '' : `${v}\n`;
          if (printenv[2]) stdout = stdout.split('\n').filter((l) => l !== '').map((l) => `${l}\n`).join('');
        }
        if (stdout !== '') out.vars.set(kv[0], stdout.replace(/[ \n]+$/, ''));
      } else {
        throw new Error(`${file}: preprocessor command this check does not model: ${cmd}`);
      }
    }
  };

  run(resolve(confDir, 'freeswitch.xml'), 0);
  out.xml = lines.join('\n');
  return out;
}

/** glob(3) for the patterns configs use: wildcards in the last path segment only, sorted. */
function glob(cwd: string, pattern: string): string[] {
  const full = isAbsolute(pattern) ? pattern : join(cwd, pattern);
  const dir = dirname(full);
  const re = new RegExp(`^${basename(full).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n) && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n))
    .filter((f) => statSync(f).isFile());
}
