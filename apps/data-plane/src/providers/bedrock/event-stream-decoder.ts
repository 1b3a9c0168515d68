import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';

/** One decoded event stream message: string headers (the only kind Bedrock sends) and its payload. */
export interface EventStreamMessage {
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
}

/** Prelude (total length, headers length, prelude CRC) plus the message CRC. */
const OVERHEAD = 16;
/** Larger frames are refused before being buffered: Bedrock's events are a few KiB. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * An incremental `application/vnd.amazon.eventstream` decoder: feed it bytes cut anywhere (in a
 * prelude, a header or a payload), get back the messages completed so far. Framing is read from
 * each prelude's total length; the maintained smithy codec checks both CRCs and parses headers.
 *
 * @example
 * const decoder = new EventStreamDecoder();
 * for (const message of decoder.push(chunk)) console.log(message.headers[':event-type']);
 */
export class EventStreamDecoder {
  readonly #codec = new EventStreamCodec(toUtf8, fromUtf8);
  #pending: Buffer = Buffer.alloc(0);

  /** Throws on a frame that is too large or fails its CRC checks. */
  push(chunk: Uint8Array): EventStreamMessage[] {
    const incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#pending = this.#pending.length === 0 ? incoming : Buffer.concat([this.#pending, incoming]);
    const messages: EventStreamMessage[] = [];
    let offset = 0;
    while (this.#pending.length - offset >= 4) {
      const length = this.#pending.readUInt32BE(offset);
      if (length < OVERHEAD || length > MAX_MESSAGE_BYTES) {
        throw new Error(`an event stream frame announces ${length} bytes`);
      }
      if (this.#pending.length - offset < length) break;
      messages.push(this.#decode(this.#pending.subarray(offset, offset + length)));
      offset += length;
    }
    // Copy the partial frame out, so the chunk it came in is not kept alive by a view.
    this.#pending = offset === 0 ? this.#pending : Buffer.from(this.#pending.subarray(offset));
    return messages;
  }

  /** The stream ended: throws when a frame was left half-received. */
  end(): void {
    if (this.#pending.length > 0) {
      throw new Error(`the event stream ended inside a frame (${this.#pending.length} bytes left)`);
    }
  }

  #decode(frame: Uint8Array): EventStreamMessage {
    const { headers, body } = this.#codec.decode(frame);
    const strings: Record<string, string> = {};
    for (const [name, header] of Object.entries(headers)) {
      if (header.type === 'string') strings[name] = header.value;
    }
    return { headers: strings, body };
  }
}
