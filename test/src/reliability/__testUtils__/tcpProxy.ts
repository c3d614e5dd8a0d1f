import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections made through the proxy so far. */
  readonly connections: number;
  /** Drops every open connection and refuses new ones, as a server gone away. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/**
 * A TCP proxy on 127.0.0.1 in front of a server, e.g. PostgreSQL, that a test
 * can cut and restore: an outage of the server as its clients see it, without
 * stopping a server other tests share.
 */
export async function startTcpProxy(target: {
  host: string;
  port: number;
}): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer(client => {
    connections += 1;
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await listen(server, 0);

  const stopListening = () =>
    new Promise<void>(resolve => {
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
    });
  const dropAll = () => {
    for (const socket of open) socket.destroy();
  };

  return {
    port,
    get connections() {
      return connections;
    },
    cut: async () => {
      const closed = stopListening();
      dropAll();
      await closed;
    },
    restore: async () => {
      await listen(server, port);
    },
    close: async () => {
      const closed = stopListening();
      dropAll();
      await closed;
    },
  };
}
