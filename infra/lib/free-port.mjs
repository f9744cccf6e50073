// A TCP port nobody is listening on, asked of the OS; exported as @winnow/infra/free-port for tests
// (@winnow/testing re-exports it), and used by infra's own tests.
import { createServer } from 'node:net';

/**
 * A port free on `host` right now: the OS picks one for a listener on port 0, which is then closed.
 * @param {string} [host]
 * @returns {Promise<number>}
 */
export async function freePort(host = '127.0.0.1') {
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(undefined));
  });
  const address = server.address();
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
