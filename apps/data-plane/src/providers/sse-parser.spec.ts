import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.js';

describe(SseParser.name, () => {
  it('returns each event once its blank line has arrived, across chunk boundaries', () => {
    const parser = new SseParser();

    expect(parser.push('event: message_start\nda')).toEqual([]);
    expect(parser.push('ta: {"a":1}\n')).toEqual([]);
    expect(parser.push('\ndata: [DONE]\n\n')).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('handles CRLF split between chunks, comments, multi-line data and a missing final blank line', () => {
    const parser = new SseParser();

    expect(parser.push(': keep-alive\r')).toEqual([]);
    expect(parser.push('\ndata: one\r\ndata: two\r')).toEqual([]);
    expect(parser.push('\n\r\nevent: x\ndata:tail')).toEqual([{ event: undefined, data: 'one\ntwo' }]);
    expect(parser.end()).toEqual([{ event: 'x', data: 'tail' }]);
  });
});
