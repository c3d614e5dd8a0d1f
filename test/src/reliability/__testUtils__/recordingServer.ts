import http from 'node:http';
import { closeServer, listenOnLoopback } from '../../rig/httpServer';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Epoch ms when it arrived, and when its answer was sent. */
  receivedAt: number;
  answeredAt?: number;
}

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A catch-all HTTP server on 127.0.0.1 that records every request and answers
 * each with `respond`, 404 by default.
 */
export async function startRecordingServer(
  respond: (request: RecordedRequest, res: http.ServerResponse) => void = (
    _request,
    res,
  ) => {
    res.writeHead(404).end();
  },
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt,
      };
      requests.push(request);
      res.on('finish', () => {
        request.answeredAt = Date.now();
      });
      respond(request, res);
    });
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => closeServer(server),
  };
}
