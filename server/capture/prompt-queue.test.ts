import { describe, expect, it } from 'vitest';
import { PromptQueue } from './prompt-queue.js';
import type { Conference } from '../esl/conference.js';

function fakeRoom() {
  const sent: string[] = [];
  const room = {
    playTo: async (m: string, f: string) => void sent.push(`play ${f} ${m}`),
    stopPlayingTo: async (m: string) => void sent.push(`stop ${m}`),
  } as unknown as Conference;
  return { sent, room };
}
const path = (f: string) => `/usr/share/freeswitch/sounds/ivrpay/${f}`;

describe('PromptQueue', () => {
  it('reports drained when the last queued prompt is done', async () => {
    const { sent, room } = fakeRoom();
    const q = new PromptQueue(() => room, '7', () => {});
    q.play(['ja/invalid.wav', 'ja/card-number.wav'], () => {});
    await Promise.resolve();
    expect(sent).toEqual(['play ja/invalid.wav 7', 'play ja/card-number.wav 7']);
    expect(q.done(path('ja/invalid.wav'))).toBe('prompt');
    expect(q.done(path('ja/card-number.wav'))).toBe('drained');
    expect(q.playing).toBe(false);
  });

  it('swallows the done events of stopped files, even when the same file is queued again', async () => {
    const { sent, room } = fakeRoom();
    const q = new PromptQueue(() => room, '7', () => {});
    q.play(['ja/card-number.wav'], () => {});
    q.stop();
    q.play(['ja/invalid.wav', 'ja/card-number.wav'], () => {});
    expect(q.done(path('ja/card-number.wav'))).toBe('stale');
    expect(q.done(path('ja/invalid.wav'))).toBe('prompt');
    expect(q.done(path('ja/card-number.wav'))).toBe('drained');
    await Promise.resolve();
    expect(sent.filter((s) => s.startsWith('stop'))).toEqual(['stop 7']);
  });

  it('tracks a background sound apart from prompts, and stops both with one command', async () => {
    const { sent, room } = fakeRoom();
    const q = new PromptQueue(() => room, '7', () => {});
    q.playBackground('mask.wav');
    expect(q.playing).toBe(true);
    expect(q.done(path('mask.wav'))).toBe('background');
    q.stop();
    expect(q.done(path('mask.wav'))).toBe('stale');
    q.stop(); // nothing playing: no second command
    await Promise.resolve();
    expect(sent).toEqual(['play mask.wav 7', 'stop 7']);
  });

  it('a file that fails to play is reported to the owner; unknown files are unknown', async () => {
    const room = { playTo: async () => Promise.reject(new Error('-ERR')) } as unknown as Conference;
    const failed: string[] = [];
    const q = new PromptQueue(() => room, '7', () => {});
    q.play(['en/x.wav'], (f) => failed.push(f));
    await new Promise((r) => setTimeout(r, 0));
    expect(failed).toEqual(['en/x.wav']);
    expect(q.done(path('en/other.wav'))).toBe('unknown');
  });

  it('release lets prompts play out but ignores their end', () => {
    const { room } = fakeRoom();
    const q = new PromptQueue(() => room, '7', () => {});
    q.play(['en/approved.wav'], () => {});
    q.release();
    expect(q.playing).toBe(false);
    expect(q.done(path('en/approved.wav'))).toBe('stale');
  });
});
