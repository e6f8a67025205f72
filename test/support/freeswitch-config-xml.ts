// Config check helper: parses FreeSWITCH XML with fast-xml-parser into a small ordered element tree and finds configuration sections, params and dialplan contexts in it.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

/** true, or the parser's first error with its line. */
export function wellFormed(xml: string): true | string {
  const r = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  return r === true ? true : `line ${r.err.line}: ${r.err.msg}`;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
});

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

export function parse(xml: string): El {
  const raw = parser.parse(xml) as Raw[];
  const roots = raw.map(toEl).filter((e): e is El => e !== undefined && !e.name.startsWith('?'));
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.length}`);
  return roots[0]!;
}

function toEl(node: Raw): El | undefined {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name || name === '#text') return undefined;
  const kids = (node[name] as Raw[]) ?? [];
  return {
    name,
    attrs: { ...(node[':@'] ?? {}) },
    children: kids.map(toEl).filter((e): e is El => e !== undefined),
    text: kids.map((k) => (typeof k['#text'] === 'string' ? k['#text'] : '')).join(''),
  };
}

/** All descendants (depth first, document order) named `name`. */
export function all(el: El, name: string): El[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

export function child(el: El | undefined, name: string): El | undefined {
  return el?.children.find((c) => c.name === name);
}

/** <configuration name="<name>.conf"> of the configuration section. */
export function configuration(doc: El, name: string): El | undefined {
  return all(doc, 'configuration').find((c) => c.attrs.name === `${name}.conf`);
}

/** Values of <param name=.. value=..> children of el (several values when a name repeats). */
export function params(el: El | undefined): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of el?.children.filter((c) => c.name === 'param') ?? []) {
    const k = p.attrs.name ?? '';
    m.set(k, [...(m.get(k) ?? []), p.attrs.value ?? '']);
  }
  return m;
}

export function param(el: El | undefined, name: string): string | undefined {
  return params(el).get(name)?.[0];
}

export function dialplanContext(doc: El, name: string): El | undefined {
  const dp = all(doc, 'section').find((s) => s.attrs.name === 'dialplan');
  return dp && all(dp, 'context').find((c) => c.attrs.name === name);
}
