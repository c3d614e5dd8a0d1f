import express from 'express';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

interface EncodedBody {
  json: Buffer;
  gzip: Buffer;
  /** Weak: the same for both encodings of the same JSON. */
  etag: string;
}

/**
 * JSON response bodies, serialized and gzipped once per value rather than
 * once per request: the cluster list of a 10,000-cluster fleet is megabytes
 * of JSON, which every user of the fleet page fetches, and which the service
 * hands out as the same array until it rebuilds it. Compressing here also
 * keeps the root router's compression from redoing it per request (it leaves
 * a body with a Content-Encoding alone), and the ETag, set here, spares
 * Express hashing the body per request and lets a client that has the list
 * get a 304.
 */
export class CachedJsonBodies {
  readonly #bodies = new WeakMap<object, Promise<EncodedBody>>();

  /** Sends `body(value)`, encoded once for as long as `value` is the same object. */
  async send<T extends object>(
    req: express.Request,
    res: express.Response,
    value: T,
    body: (value: T) => unknown,
  ): Promise<void> {
    let encoded = this.#bodies.get(value);
    if (!encoded) {
      encoded = encode(body(value));
      this.#bodies.set(value, encoded);
      encoded.catch(() => this.#bodies.delete(value));
    }
    const { json, gzip: gzipped, etag } = await encoded;
    res.type('application/json');
    res.vary('Accept-Encoding');
    res.set('ETag', etag);
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.set('Content-Encoding', 'gzip');
      res.send(gzipped);
    } else {
      res.send(json);
    }
  }
}

async function encode(body: unknown): Promise<EncodedBody> {
  const json = Buffer.from(JSON.stringify(body));
  const etag = `W/"${createHash('sha1').update(json).digest('base64url')}"`;
  return { json, gzip: await gzipAsync(json), etag };
}
