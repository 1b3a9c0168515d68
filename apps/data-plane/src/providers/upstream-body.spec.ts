import { describe, expect, it } from 'vitest';
import { BufferedUpstreamResponse, UpstreamBody, bodySourceOf, webSource } from './upstream-body.js';
import { UpstreamStreamError } from './upstream-stream-error.js';

/** A body wired to a recorder of what it asked its upstream to do. */
function recordedBody(): { body: UpstreamBody; calls: string[] } {
  const calls: string[] = [];
  const body = new UpstreamBody({
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    abort: (reason) => calls.push(`abort:${reason instanceof Error ? reason.message : String(reason)}`),
  });
  return { body, calls };
}

const bytes = (text: string): Uint8Array => Buffer.from(text);
const textOf = (chunk: Uint8Array | undefined): string | undefined =>
  chunk === undefined ? undefined : Buffer.from(chunk).toString();

describe(UpstreamBody.name, () => {
  it('hands over a body that has fully arrived, unread, as one piece', () => {
    const { body } = recordedBody();
    body.push(bytes('{"a":'));
    expect(body.takeWhole()).toBeUndefined(); // not ended yet: nothing taken
    body.push(bytes('1}'));
    body.end();

    expect(textOf(body.takeWhole())).toBe('{"a":1}');
    expect(body.takeWhole()).toBeUndefined(); // taken once
  });

  it('does not hand over a body someone has started to read', async () => {
    const { body } = recordedBody();
    body.push(bytes('one'));
    expect(textOf(await body.read())).toBe('one');
    body.push(bytes('two'));
    body.end();

    expect(body.takeWhole()).toBeUndefined();
    expect(textOf(await body.read())).toBe('two');
    expect(await body.read()).toBeUndefined();
  });

  it('gives chunks to a waiting reader as they arrive, then the end', async () => {
    const { body } = recordedBody();
    const first = body.read();
    body.push(bytes('a'));
    expect(textOf(await first)).toBe('a');
    const second = body.read();
    body.end();
    expect(await second).toBeUndefined();
  });

  it('pauses the upstream once 64 KiB wait unread, and resumes it when the reader catches up', async () => {
    const { body, calls } = recordedBody();
    const chunk = new Uint8Array(16 * 1024);
    for (let i = 0; i < 3; i += 1) body.push(chunk);
    expect(calls).toEqual([]);
    body.push(chunk); // 64 KiB held
    body.push(chunk); // still paused: not asked twice
    expect(calls).toEqual(['pause']);

    await body.read();
    await body.read(); // 48 KiB held
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('fails a waiting reader, and later reads, with the upstream error', async () => {
    const { body } = recordedBody();
    const pending = body.read();
    const failure = new UpstreamStreamError({ kind: 'timeout', phase: 'idle' });
    body.fail(failure);
    await expect(pending).rejects.toBe(failure);
    await expect(body.read()).rejects.toBe(failure);
  });

  it('delivers what arrived before a failure first', async () => {
    const { body } = recordedBody();
    body.push(bytes('kept'));
    body.fail(new UpstreamStreamError({ kind: 'connection-failed', reason: 'reset' }));
    expect(textOf(await body.read())).toBe('kept');
    await expect(body.read()).rejects.toBeInstanceOf(UpstreamStreamError);
  });

  it('aborts the upstream when cancelled mid-way, ends a waiting read, and ignores later chunks', async () => {
    const { body, calls } = recordedBody();
    const pending = body.read();
    await body.cancel(new Error('the client went away'));
    expect(await pending).toBeUndefined();
    body.push(bytes('late'));
    expect(await body.read()).toBeUndefined();
    expect(calls).toEqual(['abort:the client went away']);
  });

  it('does not abort an upstream that had already finished', async () => {
    const { body, calls } = recordedBody();
    body.push(bytes('done'));
    body.end();
    await body.cancel();
    expect(calls).toEqual([]);
  });

  it('reads as a web stream, made once, after which the response hands out that stream', async () => {
    const { body } = recordedBody();
    const response = new BufferedUpstreamResponse(200, { 'content-type': 'text/plain' }, body);
    expect(bodySourceOf(response)).toBe(body); // nothing asked for the web stream yet

    const stream = response.body;
    expect(response.body).toBe(stream);
    expect(body.isWeb).toBe(true); // from now on the body belongs to the web stream
    body.push(bytes('via '));
    body.push(bytes('web'));
    body.end();
    expect(await new Response(stream).text()).toBe('via web');
  });
});

describe(webSource.name, () => {
  it('reads a web stream chunk by chunk and never offers it whole', async () => {
    const source = webSource(new Blob(['abc']).stream());
    expect(source.takeWhole()).toBeUndefined();
    expect(textOf(await source.read())).toBe('abc');
    expect(await source.read()).toBeUndefined();
  });
});
