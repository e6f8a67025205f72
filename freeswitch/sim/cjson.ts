// cJSON_Print / cJSON_PrintUnformatted byte for byte (tabs, `"k":\tv`, `}, {` between array items), for api replies like json_list.

export function cjsonPrint(value: unknown, formatted = true): string {
  return print(value, 0, formatted);
}

function print(v: unknown, depth: number, fmt: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    const inner = v.map((x) => print(x, depth + 1, fmt));
    return `[${inner.join(fmt ? ', ' : ',')}]`;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  const d = depth + 1;
  if (!fmt) return `{${keys.map((k) => `${JSON.stringify(k)}:${print(o[k], d, fmt)}`).join(',')}}`;
  if (!keys.length) return `{\n${'\t'.repeat(d - 1)}}`;
  const tabs = '\t'.repeat(d);
  return `{\n${keys.map((k) => `${tabs}${JSON.stringify(k)}:\t${print(o[k], d, fmt)}`).join(',\n')}\n${'\t'.repeat(d - 1)}}`;
}
