/** One server-sent event as a client sees it: `event` is absent for plain `data:` events. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Formats one server-sent event (`event:` line only when named). */
export function formatSseEvent(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}

/**
 * Parses a `text/event-stream` body incrementally: each event is yielded as soon as its blank
 * line arrives, so a test can tell a streamed response from a buffered one. Takes any byte
 * stream: a fetch `response.body`, an undici body, a Node `Readable`.
 *
 * @example
 * for await (const { event, data } of readSseEvents(response.body)) {
 *   if (data === '[DONE]') break;
 * }
 */
export async function* readSseEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<SseEvent, void, undefined> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];
  const takeLines = function* (final: boolean): Generator<SseEvent> {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A lone '\r' at the end may be the first half of '\r\n': wait for more unless the body ended.
      if (match === null || (match[0] === '\r' && match.index === buffer.length - 1 && !final)) return;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (data.length > 0) {
          yield event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') };
        }
        event = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
  };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* takeLines(false);
  }
  buffer += decoder.decode();
  yield* takeLines(true);
}
