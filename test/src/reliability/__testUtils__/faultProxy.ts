import http from 'node:http';
import { Socket } from 'node:net';
import { listenOnLoopback } from '../../rig/httpServer';

/**
 * What the proxy does with each request:
 * - `pass`: forwards it, after `holdMs` when set (to kill the upstream while a
 *   cycle is in flight);
 * - `delay`: forwards it after `delayMs`, beyond the client's timeout;
 * - `status500`: answers HTTP 500;
 * - `invalid-json`: answers 200 with a JSON body cut off mid-object;
 * - `truncate`: forwards it, then sends half of the upstream's body under the
 *   full Content-Length and drops the connection;
 * - `refuse`: stops listening, so connections are refused.
 */
export type Fault =
  | { mode: 'pass'; holdMs?: number }
  | { mode: 'delay'; delayMs: number }
  | { mode: 'status500' }
  | { mode: 'invalid-json' }
  | { mode: 'truncate' }
  | { mode: 'refuse' };

export interface FaultProxy {
  url: string;
  port: number;
  /** Requests received so far. */
  readonly received: number;
  /** Resolves when the next request arrives. */
  nextRequest(): Promise<void>;
  set(fault: Fault): Promise<void>;
  close(): Promise<void>;
}

const INVALID_JSON =
  '{"status":"success","data":{"resultType":"vector","result":[{"metric":';

/**
 * An HTTP proxy on 127.0.0.1 in front of a Prometheus, told at any time to
 * pass requests through or to fail them in one of the ways a real endpoint
 * fails. An upstream that cannot be reached drops the client's connection,
 * as a TCP load balancer would.
 */
export async function startFaultProxy(
  upstreamUrl: string,
): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  let fault: Fault = { mode: 'pass' };
  let received = 0;
  let waiters: Array<() => void> = [];
  const sockets = new Set<Socket>();

  const forward = (
    req: http.IncomingMessage,
    body: Buffer,
    onResponse: (response: http.IncomingMessage, data: Buffer) => void,
    onError: () => void,
  ) => {
    const outgoing = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('end', () => onResponse(response, Buffer.concat(chunks)));
        response.on('error', onError);
      },
    );
    outgoing.on('error', onError);
    outgoing.end(body);
  };

  const handle = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    current: Fault,
  ) => {
    const drop = () => req.socket.destroy();
    switch (current.mode) {
      case 'status500':
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('Internal Server Error');
        return;
      case 'invalid-json':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(INVALID_JSON);
        return;
      case 'truncate':
        forward(
          req,
          body,
          (response, data) => {
            res.writeHead(response.statusCode ?? 200, {
              'Content-Type':
                response.headers['content-type'] ?? 'application/json',
              'Content-Length': String(data.length),
            });
            res.write(data.subarray(0, Math.floor(data.length / 2)), () =>
              drop(),
            );
          },
          drop,
        );
        return;
      default:
        forward(
          req,
          body,
          (response, data) => {
            res.writeHead(response.statusCode ?? 502, response.headers);
            res.end(data);
          },
          drop,
        );
    }
  };

  const server = http.createServer((req, res) => {
    const current = fault;
    received += 1;
    const woken = waiters;
    waiters = [];
    woken.forEach(wake => wake());
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let waitMs = 0;
      if (current.mode === 'delay') waitMs = current.delayMs;
      else if (current.mode === 'pass') waitMs = current.holdMs ?? 0;
      if (waitMs > 0) {
        setTimeout(() => {
          if (!req.socket.destroyed) handle(req, res, body, current);
        }, waitMs);
      } else {
        handle(req, res, body, current);
      }
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listenOnLoopback(server);

  const stopListening = () =>
    new Promise<void>(resolve => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get received() {
      return received;
    },
    nextRequest: () => new Promise(resolve => waiters.push(resolve)),
    set: async next => {
      fault = next;
      if (next.mode === 'refuse') {
        await stopListening();
      } else if (!server.listening) {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => {
            server.off('error', reject);
            resolve();
          });
        });
      }
    },
    close: stopListening,
  };
}
