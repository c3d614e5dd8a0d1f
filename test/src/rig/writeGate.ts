import http from 'node:http';
import { closeServer, listenOnLoopback } from './httpServer';

/**
 * Rejects remote-write requests the way a failing receiver does. Prometheus
 * drops a batch answered with 4xx (other than 429) and counts it in
 * `prometheus_remote_storage_samples_failed_total`; it retries a batch
 * answered with 5xx or 429 and counts `..._samples_retried_total`.
 */
export interface WriteFault {
  status: number;
  /** Share of requests rejected, from 0 to 1; 1 by default. */
  ratio?: number;
}

export interface WriteGateStats {
  forwarded: number;
  rejected: number;
  /** The `Content-Type` of the requests seen, e.g. the remote-write protobuf message each sender used. */
  contentTypes: Set<string>;
  /** Statuses the global answered forwarded requests with. */
  upstreamStatuses: Set<number>;
}

/** A remote-write receiver in front of the global that forwards, or rejects by its fault. */
export interface WriteGate {
  url: string;
  fault: WriteFault | undefined;
  stats: WriteGateStats;
  close(): Promise<void>;
}

const FORWARDED_HEADERS = [
  'content-type',
  'content-encoding',
  'user-agent',
  'x-prometheus-remote-write-version',
  'x-scope-orgid',
  'authorization',
];

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function validateFault(fault: WriteFault | undefined) {
  if (!fault) return;
  if (
    !Number.isInteger(fault.status) ||
    fault.status < 400 ||
    fault.status > 599
  ) {
    throw new Error(
      `A write fault needs an HTTP error status (400-599), got ${fault.status}`,
    );
  }
  if (fault.ratio !== undefined && !(fault.ratio >= 0 && fault.ratio <= 1)) {
    throw new Error(
      `A write fault ratio is between 0 and 1, got ${fault.ratio}`,
    );
  }
}

export async function startWriteGate(
  upstreamUrl: string,
  initialFault?: WriteFault,
  options: {
    /** Answers every request this much later, as a receiver that cannot keep up. */
    delayMs?: number;
  } = {},
): Promise<WriteGate> {
  validateFault(initialFault);
  let fault = initialFault;
  // Rejections are spread evenly rather than drawn at random, so runs repeat.
  let rejectionDebt = 0;
  const stats: WriteGateStats = {
    forwarded: 0,
    rejected: 0,
    contentTypes: new Set(),
    upstreamStatuses: new Set(),
  };

  const shouldReject = () => {
    if (!fault) return false;
    rejectionDebt += fault.ratio ?? 1;
    if (rejectionDebt < 1) return false;
    rejectionDebt -= 1;
    return true;
  };

  const server = http.createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (req.headers['content-type']) {
        stats.contentTypes.add(req.headers['content-type']);
      }
      if (options.delayMs) {
        await new Promise(resolve => setTimeout(resolve, options.delayMs));
      }
      if (shouldReject()) {
        stats.rejected += 1;
        res.writeHead(fault!.status, { 'Content-Type': 'text/plain' });
        res.end(`rejected by the rig's write gate (status ${fault!.status})\n`);
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await fetch(upstreamUrl, {
        method: 'POST',
        headers,
        body,
      });
      stats.forwarded += 1;
      stats.upstreamStatuses.add(upstream.status);
      // A Remote-Write 2.0 sender counts a batch as written from these headers only.
      res.writeHead(upstream.status, {
        'Content-Type': 'text/plain',
        ...Object.fromEntries(
          [...upstream.headers].filter(([name]) =>
            name.startsWith('x-prometheus-remote-write-'),
          ),
        ),
      });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      // The global being down is a 5xx to the edge, which then retries, as with a real receiver.
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end(`write gate could not reach the global: ${error}\n`);
    }
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}/api/v1/write`,
    get fault() {
      return fault;
    },
    set fault(next: WriteFault | undefined) {
      validateFault(next);
      fault = next;
      rejectionDebt = 0;
    },
    stats,
    close: () => closeServer(server),
  };
}
