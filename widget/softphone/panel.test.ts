// The phone panel's state: incoming, in call, dialing, connecting, failed, and the truthful "orphan" after a reload or a lost connection.
import { describe, expect, it } from 'vitest';
import type { SoftphoneCall } from '../../server/softphone/types.js';
import { EXPECT_RING_MS, panelFor, type LocalCall, type PanelInput } from './panel.js';

const call = (over: Partial<SoftphoneCall>): SoftphoneCall => ({
  id: 'c1', direction: 'inbound', number: '09011112222', did: '0312345678', state: 'connected', outcome: null, startedAt: '2026-01-01T00:00:00Z', legs: ['l1'], paymentId: null, ...over,
});
const local = (over: Partial<LocalCall>): LocalCall => ({ phase: 'connected', callId: 'c1', legId: 'l1', number: '09011112222', health: 'ok', ...over });
const input = (over: Partial<PanelInput>): PanelInput => ({ server: [], local: null, expecting: new Map(), dismissed: new Set(), lost: new Set(), now: 1_000_000, ...over });

describe('panelFor', () => {
  it('idle with nothing going on', () => expect(panelFor(input({}))).toEqual({ kind: 'idle' }));

  it('a ringing SIP call is incoming, whatever the server says', () => {
    expect(panelFor(input({ local: local({ phase: 'ringing' }), server: [call({ state: 'waiting', legs: [] })] })).kind).toBe('incoming');
  });

  it('this page on the call: in-call, with the server view of it', () => {
    const p = panelFor(input({ local: local({}), server: [call({ paymentId: 'pay_1' })] }));
    expect(p).toMatchObject({ kind: 'in-call', server: { paymentId: 'pay_1' } });
  });

  it('a click-to-call ringing the customer, then failing (until dismissed)', () => {
    expect(panelFor(input({ server: [call({ state: 'dialing', legs: [] })] })).kind).toBe('dialing');
    const failed = call({ state: 'failed', outcome: 'busy', legs: [] });
    expect(panelFor(input({ server: [failed] }))).toMatchObject({ kind: 'failed', server: { outcome: 'busy' } });
    expect(panelFor(input({ server: [failed], dismissed: new Set(['c1']) })).kind).toBe('idle');
  });

  it('the customer answered a click-to-call (or a rejoin was asked): connecting while the INVITE comes, orphan after', () => {
    const waiting = call({ state: 'waiting', legs: [] });
    const asked = new Map([['c1', 1_000_000 - 1000]]);
    expect(panelFor(input({ server: [waiting], expecting: asked })).kind).toBe('connecting');
    expect(panelFor(input({ server: [waiting], expecting: asked, now: 1_000_000 + EXPECT_RING_MS })).kind).toBe('orphan');
  });

  it('after a reload: the server still has the call, this page has no audio: orphan (not lost)', () => {
    expect(panelFor(input({ server: [call({})] }))).toMatchObject({ kind: 'orphan', lost: false });
  });

  it('after the audio was lost: orphan, lost', () => {
    expect(panelFor(input({ server: [call({ state: 'waiting', legs: [] })], lost: new Set(['c1']), local: local({ phase: 'ended' }) }))).toMatchObject({ kind: 'orphan', lost: true });
  });
});
