// Reference, and the floor for Node + `ws`: a relay that only pairs sockets
// and forwards bytes. Sockets that open /?room=K with the same K are a room;
// every frame is forwarded as-is to the other sockets of the room (for two
// sockets: a pair). No parsing, no validation, no authentication.
// The media bench's bare-pair reference signals through it too.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { serve } from '../../lib/proc.ts';
import { measurementHandlers, type ServerInfo } from './common.ts';

async function startBareRelay(): Promise<{ info: ServerInfo; http: Server; close: () => Promise<void> }> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  const rooms = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, req) => {
    const key = new URL(req.url ?? '/', 'http://relay').searchParams.get('room') ?? '';
    let room = rooms.get(key);
    if (!room) rooms.set(key, (room = new Set()));
    room.add(ws);
    const members = room;
    ws.on('message', (data, isBinary) => {
      for (const other of members) if (other !== ws && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      members.delete(ws);
      if (members.size === 0) rooms.delete(key);
    });
    ws.on('error', () => {});
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    info: { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/` },
    http,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const relay = await startBareRelay();
serve({ ...measurementHandlers, stop: relay.close }, relay.info);
