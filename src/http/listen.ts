import type { Server } from 'node:http';

/** Resolves once listening on `host` (node's default when absent); a port in use (or not allowed) rejects with one sentence saying so. */
export function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'is already in use'
          : err.code === 'EACCES'
            ? 'may not be opened by this user'
            : err.code === 'EADDRNOTAVAIL'
              ? `cannot be opened: HOST ${host} is not an address of this machine`
              : `cannot be opened: ${err.message}`;
      reject(new Error(`port ${port} ${why}${err.code ? ` (${err.code})` : ''}`));
    };
    server.once('error', failed);
    server.listen({ port, host }, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** `http://0.0.0.0:8080`, `http://[::]:8080`: the address a server is bound to, as the start-up line names it. */
export function listeningUrl(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
