// Guards every value that goes into a FreeSWITCH command line: ids, uuids, file names, dial strings, variables.
// A value that could break the command syntax (spaces, newlines, braces, commas) is refused, never escaped.

const TOKEN = /^[A-Za-z0-9_.:@+\-/=%]+$/;

export class UnsafeArgumentError extends Error {}

/** A single command token (uuid, member id, room name, relative file path, dial string without variables). */
export function token(value: string | number, what = 'argument'): string {
  const s = String(value);
  if (!TOKEN.test(s)) throw new UnsafeArgumentError(`refusing unsafe ${what} for a FreeSWITCH command`);
  return s;
}

/** A channel-variable value for `{name=value}`: printable, no separators; others are dropped to '_' */
export function varValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_.:@+\-/]/g, '_').slice(0, 128);
}

/** `{a=1,b=2}` from a record (names must be tokens, values are sanitized). */
export function channelVars(vars: Record<string, string>): string {
  const parts = Object.entries(vars).map(([k, v]) => `${token(k, 'variable name')}=${varValue(v)}`);
  return parts.length ? `{${parts.join(',')}}` : '';
}
