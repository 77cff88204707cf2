// Reference: the PeerJS signaling server (npm `peer`), as PeerServer() starts
// it, on a loopback port. Its default limit of 5,000 clients is raised so the
// idle-memory run can hold as many sockets as the others.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { PeerServer } from 'peer';
import { serve } from '../../lib/proc.ts';
import { measurementHandlers, type ServerInfo } from './common.ts';

const http = await new Promise<Server>((resolve) => {
  PeerServer({ host: '127.0.0.1', port: 0, path: '/', key: 'peerjs', concurrent_limit: 1_000_000 }, (server) =>
    resolve(server as Server),
  );
});
const { port } = http.address() as AddressInfo;

serve(
  {
    ...measurementHandlers,
    async stop() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  },
  { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/peerjs` } satisfies ServerInfo,
);
