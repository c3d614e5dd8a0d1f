import http from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** A request the fake received, its form body decoded. @public */
export interface ReceivedQuery {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  params: URLSearchParams;
}

/** How the fake answers a request. @public */
export type FakeResponder = (
  query: ReceivedQuery,
  res: http.ServerResponse,
) => void;

/** A stand-in for Prometheus' HTTP API on 127.0.0.1 whose answers each test sets. @public */
export interface FakePrometheus {
  url: string;
  received: ReceivedQuery[];
  respond: FakeResponder;
  close(): Promise<void>;
}

/** The body of a successful instant-vector answer. @public */
export function vectorBody(result: unknown[] = []) {
  return { status: 'success', data: { resultType: 'vector', result } };
}

/** Answers every request with this JSON body and status. @public */
export const answerJson =
  (body: unknown, status = 200): FakeResponder =>
  (_query, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

/** Starts the fake on a free loopback port. @public */
export async function startFakePrometheus(
  initial: FakeResponder = answerJson(vectorBody()),
): Promise<FakePrometheus> {
  const received: ReceivedQuery[] = [];
  let respond = initial;
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query: ReceivedQuery = {
        method: req.method ?? '',
        path: url.pathname,
        headers: req.headers,
        params: new URLSearchParams(
          req.method === 'POST'
            ? Buffer.concat(chunks).toString('utf8')
            : url.search,
        ),
      };
      received.push(query);
      respond(query, res);
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    get respond() {
      return respond;
    },
    set respond(next: FakeResponder) {
      respond = next;
    },
    close: () =>
      new Promise(resolve => {
        // A test may leave a request hanging on purpose (timeouts).
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on: connections are refused. @public */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}
