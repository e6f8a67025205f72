import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse-parser.js';

function collect(lastEventId = '') {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = new SseParser(
    { message: (m) => messages.push(m), comment: (c) => comments.push(c), retry: (ms) => retries.push(ms) },
    lastEventId,
  );
  return { parser, messages, comments, retries };
}

describe('SseParser', () => {
  it('dispatches an event with its id, name and data on the blank line', () => {
    const { parser, messages } = collect();
    parser.feed('id: 7\nevent: payment\ndata: {"seq":7}\n\n');
    expect(messages).toEqual([{ event: 'payment', data: '{"seq":7}', lastEventId: '7' }]);
    expect(parser.lastEventId).toBe('7');
  });

  it('joins multi-line data and defaults the event name', () => {
    const { parser, messages } = collect();
    parser.feed('data: a\ndata:b\n\n');
    expect(messages).toEqual([{ event: 'message', data: 'a\nb', lastEventId: '' }]);
  });

  it('reassembles events split anywhere across chunks, with CRLF, CR or LF endings', () => {
    const stream = '\ufeffid: 1\r\nevent: payment\r\ndata: x\r\n\r\nid: 2\revent: payment\rdata: y\r\rid: 3\nevent: payment\ndata: z\n\n';
    for (let size = 1; size <= 7; size++) {
      const { parser, messages } = collect();
      for (let i = 0; i < stream.length; i += size) parser.feed(stream.slice(i, i + size));
      expect(messages.map((m) => `${m.lastEventId}:${m.data}`), `chunk size ${size}`).toEqual(['1:x', '2:y', '3:z']);
    }
  });

  it('reports heartbeats and retry, ignores unknown fields and ids with NUL', () => {
    const { parser, messages, comments, retries } = collect('4');
    parser.feed(': ping\nretry: 1500\nretry: soon\nfoo: bar\nid: a\0b\ndata: d\n\n');
    expect(comments).toEqual(['ping']);
    expect(retries).toEqual([1500]);
    expect(messages).toEqual([{ event: 'message', data: 'd', lastEventId: '4' }]);
  });

  it('does not dispatch an event without data, and forgets its name', () => {
    const { parser, messages } = collect();
    parser.feed('event: payment\n\ndata: later\n\n');
    expect(messages).toEqual([{ event: 'message', data: 'later', lastEventId: '' }]);
  });

  it('holds an unterminated event until the stream continues', () => {
    const { parser, messages } = collect();
    parser.feed('id: 9\ndata: half');
    expect(messages).toEqual([]);
    parser.feed('\n\n');
    expect(messages).toHaveLength(1);
  });
});
