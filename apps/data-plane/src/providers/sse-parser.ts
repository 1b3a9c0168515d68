export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * An incremental `text/event-stream` parser: feed it text as it arrives, get back the events
 * completed so far. Comments, `id:` and `retry:` lines are ignored.
 *
 * @example
 * const parser = new SseParser();
 * parser.push('event: ping\ndata: {}\n'); // []
 * parser.push('\n'); // [{ event: 'ping', data: '{}' }]
 */
export class SseParser {
  #buffer = '';
  #event: string | undefined;
  #data: string[] = [];

  push(text: string): SseEvent[] {
    this.#buffer += text;
    return this.#drain(false);
  }

  /** The stream ended: an event without its closing blank line is still delivered. */
  end(): SseEvent[] {
    const events = this.#drain(true);
    if (this.#buffer !== '') {
      this.#line(this.#buffer);
      this.#buffer = '';
    }
    const last = this.#dispatch();
    return last === undefined ? events : [...events, last];
  }

  #drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const newline = this.#nextNewline(start);
      if (newline === -1) break;
      const isCr = this.#buffer.charCodeAt(newline) === 13;
      // A '\r' at the very end may be half of a '\r\n': wait for the next chunk.
      if (isCr && newline === this.#buffer.length - 1 && !final) break;
      const line = this.#buffer.slice(start, newline);
      start = newline + (isCr && this.#buffer.charCodeAt(newline + 1) === 10 ? 2 : 1);
      if (line === '') {
        const event = this.#dispatch();
        if (event !== undefined) events.push(event);
      } else {
        this.#line(line);
      }
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  #nextNewline(from: number): number {
    const lf = this.#buffer.indexOf('\n', from);
    const cr = this.#buffer.indexOf('\r', from);
    if (cr === -1) return lf;
    if (lf === -1) return cr;
    return Math.min(lf, cr);
  }

  #line(line: string): void {
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
  }

  #dispatch(): SseEvent | undefined {
    const event = this.#data.length === 0 ? undefined : { event: this.#event, data: this.#data.join('\n') };
    this.#event = undefined;
    this.#data = [];
    return event;
  }
}

/**
 * SSE bytes in, translated bytes out: each event's `data` goes to `onData` as soon as its blank
 * line has arrived (however the bytes were cut, multi-byte characters included) until `onData`
 * answers `done`; the rest of the input is then ignored. `onEnd` runs when the input ended before
 * that (it may throw, failing the stream).
 *
 * @example
 * const shout = translateSse({
 *   onData: (data, out) => {
 *     out.enqueue(new TextEncoder().encode(data.toUpperCase()));
 *     return data === '[DONE]' ? 'done' : 'more';
 *   },
 *   onEnd: () => undefined,
 * });
 */
export function translateSse(handlers: {
  onData(data: string, controller: TransformStreamDefaultController<Uint8Array>): 'more' | 'done';
  onEnd(controller: TransformStreamDefaultController<Uint8Array>): void;
}): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let done = false;
  const handle = (
    text: string,
    controller: TransformStreamDefaultController<Uint8Array>,
    final: boolean,
  ): void => {
    const events = final ? [...parser.push(text), ...parser.end()] : parser.push(text);
    for (const { data } of events) {
      if (done) return;
      done = handlers.onData(data, controller) === 'done';
    }
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, controller) {
      handle(decoder.decode(bytes, { stream: true }), controller, false);
    },
    flush(controller) {
      handle(decoder.decode(), controller, true);
      if (!done) handlers.onEnd(controller);
    },
  });
}
