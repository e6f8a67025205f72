// Config check helper: walks an XML dialplan context the way mod_dialplan_xml hunts (conditions, break, $1) and returns the actions a call would run.
import type { El } from './freeswitch-config-xml.js';

export interface Action {
  app: string;
  data: string;
}
export interface Hunt {
  extension: string;
  actions: Action[];
}

/**
 * The first extension of `context` a call matches, with its actions in order. `fields` are the
 * caller-profile fields (destination_number, chan_name, ...) and ${var} values conditions read.
 * Models break on-false (default) / never / on-true / always and regex captures; not time conditions.
 */
export function hunt(context: El, fields: Record<string, string>): Hunt | undefined {
  for (const ext of context.children.filter((c) => c.name === 'extension')) {
    const actions: Action[] = [];
    let matched = true;
    for (const cond of ext.children.filter((c) => c.name === 'condition')) {
      const field = cond.attrs.field;
      const value = field === undefined ? undefined : field.startsWith('${') ? (fields[field.slice(2, -1)] ?? '') : (fields[field] ?? '');
      const m = value === undefined ? [] : new RegExp(cond.attrs.expression ?? '').exec(value);
      const pass = m !== null;
      const brk = cond.attrs.break ?? 'on-false';
      for (const a of cond.children.filter((c) => c.name === (pass ? 'action' : 'anti-action'))) {
        const data = (a.attrs.data ?? '').replace(/\$(\d)/g, (_, i: string) => (m && m[Number(i)]) ?? '');
        actions.push({ app: a.attrs.application ?? '', data });
      }
      if ((!pass && brk === 'on-false') || (pass && brk === 'on-true') || brk === 'always') {
        matched = pass;
        break;
      }
    }
    if (matched && actions.length) return { extension: ext.attrs.name ?? '', actions };
  }
  return undefined;
}
