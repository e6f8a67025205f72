// Event selection per listener: event/nixevent/noevents, filters (OR, regex, negative, delete), myevents.
import { describe, expect, it } from 'vitest';
import { EventFactory } from './event.js';
import { Subscription, eventType } from './subscription.js';

const f = new EventFactory({ coreUuid: 'c', hostname: 'h', ipv4: '1.2.3.4', ipv6: '::1' });
const ev = (name: string, headers: [string, string][] = [], subclass?: string) => f.create(name, ['x.c', 'f', 1], headers, subclass ? { subclass } : {});
const words = (s: string) => s.split(' ');

describe('event / nixevent / noevents', () => {
  it('replies as mod_event_socket and selects by name', () => {
    const s = new Subscription();
    expect(s.event(words('plain DTMF CHANNEL_ANSWER'), () => [])).toBe('+OK event listener enabled plain');
    expect(s.wants(ev('DTMF'))).toBe(true);
    expect(s.wants(ev('CHANNEL_CREATE'))).toBe(false);
    expect(s.event(words('plain FOOBAR'), () => [])).toBe('-ERR no keywords supplied');
    expect(s.event(words('json'), () => [])).toBe('-ERR no keywords supplied');
    expect(s.format).toBe('json');
    expect(s.nixevent(['DTMF'])).toBe('+OK events nixed');
    expect(s.wants(ev('DTMF'))).toBe(false);
    expect(s.noevents()).toBe('+OK no longer listening for events');
    expect(s.noevents()).toBe('-ERR not listening for events');
    expect(s.wants(ev('CHANNEL_ANSWER'))).toBe(false);
  });

  it('CUSTOM takes the subclasses that follow it', () => {
    const s = new Subscription();
    s.event(words('plain CUSTOM conference::maintenance'), () => []);
    expect(s.wants(ev('CUSTOM', [], 'conference::maintenance'))).toBe(true);
    expect(s.wants(ev('CUSTOM', [], 'sofia::register'))).toBe(false);
  });

  it('ALL takes everything, and nixing one type from ALL keeps the others', () => {
    const s = new Subscription();
    s.event(words('plain ALL'), () => ['conference::maintenance']);
    expect(s.wants(ev('CUSTOM', [], 'anything::else'))).toBe(true);
    s.nixevent(['DTMF']);
    expect(s.wants(ev('DTMF'))).toBe(false);
    expect(s.wants(ev('CHANNEL_CREATE'))).toBe(true);
  });

  it('knows FreeSWITCH event names, case-insensitively and with the SWITCH_EVENT_ prefix', () => {
    expect(eventType('dtmf')).toBe('DTMF');
    expect(eventType('SWITCH_EVENT_BACKGROUND_JOB')).toBe('BACKGROUND_JOB');
    expect(eventType('NOPE')).toBeUndefined();
  });
});

describe('filters', () => {
  const sub = () => {
    const s = new Subscription();
    s.event(words('plain ALL'), () => []);
    return s;
  };

  it('OR together; an event without the filtered header is not sent', () => {
    const s = sub();
    expect(s.filter('Unique-ID abc')).toBe('+OK filter added. [Unique-ID]=[abc]');
    expect(s.filter('Unique-ID def')).toBe('+OK filter added. [Unique-ID]=[def]');
    expect(s.wants(ev('DTMF', [['Unique-ID', 'abc']]))).toBe(true);
    expect(s.wants(ev('DTMF', [['Unique-ID', 'DEF']]))).toBe(true);
    expect(s.wants(ev('DTMF', [['Unique-ID', 'xyz']]))).toBe(false);
    // a Unique-ID filter alone blocks BACKGROUND_JOB, as on the real switch
    expect(s.wants(ev('BACKGROUND_JOB', [['Job-UUID', 'j']]))).toBe(false);
    s.filter('Job-UUID j');
    expect(s.wants(ev('BACKGROUND_JOB', [['Job-UUID', 'j']]))).toBe(true);
  });

  it('a value starting with / is a regex; a leading - excludes', () => {
    const s = sub();
    s.filter('Event-Name /^CHANNEL_HANG/');
    expect(s.wants(ev('CHANNEL_HANGUP_COMPLETE'))).toBe(true);
    expect(s.wants(ev('CHANNEL_ANSWER'))).toBe(false);
    s.filter('Event-Name -CHANNEL_HANGUP');
    expect(s.wants(ev('CHANNEL_HANGUP'))).toBe(false);
  });

  it('delete by name, by name and value, or all', () => {
    const s = sub();
    s.filter('Unique-ID abc');
    expect(s.filter('delete Unique-ID xyz')).toBe('+OK filter deleted. [Unique-ID][xyz]');
    expect(s.wants(ev('DTMF', [['Unique-ID', 'q']]))).toBe(false);
    expect(s.filter('delete Unique-ID')).toBe('+OK filter deleted. [Unique-ID][]');
    expect(s.wants(ev('DTMF', [['Unique-ID', 'q']]))).toBe(true);
    s.filter('Unique-ID abc');
    expect(s.filter('delete all')).toBe('+OK filter deleted. [all][]');
    expect(s.wants(ev('DTMF'))).toBe(true);
    expect(s.filter('Event-Name')).toBe('-ERR invalid syntax');
  });
});

describe('myevents', () => {
  it('keeps one channel’s events, once', () => {
    const s = new Subscription();
    expect(s.myevents('u1', 'plain', true, 'myevents u1 plain')).toBe('+OK Events Enabled');
    expect(s.wants(ev('CHANNEL_ANSWER', [['Unique-ID', 'u1']]))).toBe(true);
    expect(s.wants(ev('CHANNEL_ANSWER', [['Unique-ID', 'u2']]))).toBe(false);
    expect(s.myevents('u1', 'plain', true, '')).toBe('-ERR aready enabled.');
    expect(new Subscription().myevents('gone', 'plain', false, '')).toBe('-ERR invalid uuid');
  });
});
