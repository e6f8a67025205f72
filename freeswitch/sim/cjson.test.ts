// cJSON_Print formatting as FreeSWITCH prints json_list.
import { describe, expect, it } from 'vitest';
import { cjsonPrint } from './cjson.js';

describe('cjsonPrint', () => {
  it('formats like cJSON_Print (as in a real `conference json_list` reply)', () => {
    const v = [{ conference_name: 'r', member_count: 2, locked: false, variables: {}, members: [{ type: 'caller', id: 2, flags: { can_hear: true } }, { id: 1 }] }];
    expect(cjsonPrint(v)).toBe(
      '[{\n\t\t"conference_name":\t"r",\n\t\t"member_count":\t2,\n\t\t"locked":\tfalse,\n\t\t"variables":\t{\n\t\t},\n' +
        '\t\t"members":\t[{\n\t\t\t\t"type":\t"caller",\n\t\t\t\t"id":\t2,\n\t\t\t\t"flags":\t{\n\t\t\t\t\t"can_hear":\ttrue\n\t\t\t\t}\n\t\t\t}, {\n\t\t\t\t"id":\t1\n\t\t\t}]\n\t}]',
    );
  });

  it('prints compact output and empty arrays', () => {
    expect(cjsonPrint([], true)).toBe('[]');
    expect(cjsonPrint({ a: [1, 2], b: 'x' }, false)).toBe('{"a":[1,2],"b":"x"}');
  });
});
