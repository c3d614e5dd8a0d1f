/**
 * Prometheus remote write 1.0 (`prometheus.WriteRequest`, snappy block
 * framing), encoded by hand: the bench pushes a fleet's queue metrics the way
 * edges do, with no protobuf or snappy dependency.
 */

export interface Series {
  /** Sorted by name, as the protocol requires. */
  labels: ReadonlyArray<readonly [string, string]>;
  /** Oldest first: Prometheus rejects out-of-order samples. */
  samples: ReadonlyArray<readonly [timestampMs: number, value: number]>;
}

/** Grows as needed; one per request. */
class Writer {
  buffer: Buffer;
  length = 0;

  constructor(initialSize = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  reserve(bytes: number) {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  varint(value: number) {
    this.reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = v % 0x80 | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  bytes(data: Buffer) {
    this.reserve(data.length);
    data.copy(this.buffer, this.length);
    this.length += data.length;
  }

  double(value: number) {
    this.reserve(8);
    this.buffer.writeDoubleLE(value, this.length);
    this.length += 8;
  }
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}

/** `Label { string name = 1; string value = 2; }`, cached: label pairs repeat across requests. */
const labelCache = new Map<string, Buffer>();
function encodedLabel(name: string, value: string): Buffer {
  const key = `${name}\u0000${value}`;
  let cached = labelCache.get(key);
  if (!cached) {
    const n = Buffer.from(name);
    const v = Buffer.from(value);
    const body = Buffer.concat([
      Buffer.from([tag(1, WIRE_LENGTH)]),
      varintBuffer(n.length),
      n,
      Buffer.from([tag(2, WIRE_LENGTH)]),
      varintBuffer(v.length),
      v,
    ]);
    cached = Buffer.concat([
      Buffer.from([tag(1, WIRE_LENGTH)]),
      varintBuffer(body.length),
      body,
    ]);
    if (labelCache.size < 1_000_000) labelCache.set(key, cached);
  }
  return cached;
}

function varintBuffer(value: number): Buffer {
  const writer = new Writer(10);
  writer.varint(value);
  return writer.buffer.subarray(0, writer.length);
}

/** `Sample { double value = 1; int64 timestamp = 2; }` */
function sampleSize(timestampMs: number): number {
  return 1 + 8 + 1 + varintSize(timestampMs);
}

/** `WriteRequest { repeated TimeSeries timeseries = 1; }` */
export function encodeWriteRequest(series: readonly Series[]): Buffer {
  const writer = new Writer();
  for (const { labels, samples } of series) {
    const labelBuffers = labels.map(([n, v]) => encodedLabel(n, v));
    let size = 0;
    for (const label of labelBuffers) size += label.length;
    for (const [timestamp] of samples) {
      const body = sampleSize(timestamp);
      size += 1 + varintSize(body) + body;
    }
    writer.varint(tag(1, WIRE_LENGTH));
    writer.varint(size);
    for (const label of labelBuffers) writer.bytes(label);
    for (const [timestamp, value] of samples) {
      writer.varint(tag(2, WIRE_LENGTH));
      writer.varint(sampleSize(timestamp));
      writer.varint(tag(1, WIRE_FIXED64));
      writer.double(value);
      writer.varint(tag(2, WIRE_VARINT));
      writer.varint(timestamp);
    }
  }
  return snappyLiteral(writer.buffer.subarray(0, writer.length));
}

/**
 * A valid snappy block made of one literal: no compression, which loopback
 * does not need, and no encoder to get wrong.
 */
export function snappyLiteral(data: Buffer): Buffer {
  const header = new Writer(16);
  header.varint(data.length);
  if (data.length > 0) {
    const n = data.length - 1;
    if (n < 60) {
      header.bytes(Buffer.from([n << 2]));
    } else {
      const lengthBytes =
        n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
      const bytes = Buffer.alloc(1 + lengthBytes);
      bytes[0] = (59 + lengthBytes) << 2;
      bytes.writeUIntLE(n, 1, lengthBytes);
      header.bytes(bytes);
    }
  }
  return Buffer.concat([header.buffer.subarray(0, header.length), data]);
}

export class RemoteWriteError extends Error {}

/** Sends one request to a remote-write receiver; a non-2xx answer throws with its body. */
export async function remoteWrite(
  url: string,
  series: readonly Series[],
  /** E.g. the tenant header of a multi-tenant receiver. */
  headers: Record<string, string> = {},
): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      'Content-Encoding': 'snappy',
      'Content-Type': 'application/x-protobuf',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
    },
    body: encodeWriteRequest(series),
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok) {
    throw new RemoteWriteError(
      `remote write to ${url}: HTTP ${response.status}: ${(
        await response.text()
      ).slice(0, 300)}`,
    );
  }
}
