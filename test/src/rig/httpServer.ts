import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Listens on a free port of 127.0.0.1 and returns it. */
export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** Closes a server without waiting for Prometheus's keep-alive connections to idle out. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A port that was free a moment ago, for a process that binds it itself. */
export async function freeLoopbackPort(): Promise<number> {
  const server = http.createServer();
  const port = await listenOnLoopback(server);
  await closeServer(server);
  return port;
}
