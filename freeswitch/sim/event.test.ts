// Common event headers, their order, Event-Sequence and wire forms.
import { describe, expect, it } from 'vitest';
import { EventFactory, gmtStamp, localIdentity } from './event.js';

const id = { coreUuid: 'core-1', hostname: 'sim', ipv4: '192.0.2.9', ipv6: '::1' };

describe('EventFactory', () => {
  it('puts the common headers first, in FreeSWITCH order, with an increasing Event-Sequence', () => {
    const f = new EventFactory(id);
    const a = f.create('DTMF', ['switch_channel.c', 'switch_channel_dequeue_dtmf', 678], [['DTMF-Digit', '1']]);
    const b = f.create('DTMF', ['switch_channel.c', 'switch_channel_dequeue_dtmf', 678], []);
    expect(a.headers.map(([k]) => k)).toEqual([
      'Event-Name', 'Core-UUID', 'FreeSWITCH-Hostname', 'FreeSWITCH-Switchname', 'FreeSWITCH-IPv4', 'FreeSWITCH-IPv6',
      'Event-Date-Local', 'Event-Date-GMT', 'Event-Date-Timestamp', 'Event-Calling-File', 'Event-Calling-Function',
      'Event-Calling-Line-Number', 'Event-Sequence', 'DTMF-Digit',
    ]);
    expect(Number(b.get('Event-Sequence'))).toBe(Number(a.get('Event-Sequence')) + 1);
    expect(a.get('core-uuid')).toBe('core-1');
  });

  it('puts Event-Subclass before Event-Name on CUSTOM events', () => {
    const e = new EventFactory(id).create('CUSTOM', ['mod_conference.c', 'conference_new', 3848], [], { subclass: 'conference::maintenance' });
    expect(e.headers.slice(0, 2)).toEqual([['Event-Subclass', 'conference::maintenance'], ['Event-Name', 'CUSTOM']]);
    expect(e.frame('plain').toString()).toContain('\n\nEvent-Subclass: conference%3A%3Amaintenance\nEvent-Name: CUSTOM\n');
  });

  it('builds each wire form once', () => {
    const e = new EventFactory(id).create('API', ['x.c', 'f', 1], []);
    expect(e.frame('json')).toBe(e.frame('json'));
    expect(JSON.parse(e.frame('json').toString().split('\n\n')[1]!)['Event-Name']).toBe('API');
  });
});

describe('dates and identity', () => {
  it('formats Event-Date-GMT like FreeSWITCH', () => {
    expect(gmtStamp(new Date(Date.UTC(2026, 10, 22, 18, 14, 54)))).toBe('Sun, 22 Nov 2026 18:14:54 GMT');
  });

  it('names the host and an address', () => {
    const i = localIdentity('u', 'host-x');
    expect(i.hostname).toBe('host-x');
    expect(i.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});
