import net from 'node:net';

/**
 * Tries to open a TCP connection and tells how it went: `undefined` when it connected (and was
 * closed again), else the error code, e.g. `ECONNREFUSED` once a server stopped listening.
 */
export function connectionError(port: number, host = '127.0.0.1'): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code);
    });
  });
}
