// The reference for bench/gateway-load.mjs: the least a JSON-aware LLM proxy written in Node must
// do. node:http in, undici (keep-alive pool) out: read the request, parse it, swap the model,
// forward it with the provider's key, read the answer, parse it, send it back. No auth, policy,
// routing, metering or streaming: the ratio "gateway / reference" is what all of that costs.
import http from 'node:http';
import { Pool } from 'undici';

/**
 * Starts the reference proxy on 127.0.0.1 (random port) in front of an OpenAI-compatible
 * `upstream` (`http://127.0.0.1:port`, `/v1/chat/completions`).
 *
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export async function startReferenceProxy({ upstream, apiKey, model }) {
  const pool = new Pool(upstream, { connections: 256, pipelining: 1 });
  const server = http.createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const response = await pool.request({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ ...body, model }),
      });
      const answer = JSON.stringify(JSON.parse(await response.body.text()));
      res.writeHead(response.statusCode, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(answer),
      });
      res.end(answer);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    },
  };
}
