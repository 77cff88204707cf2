// ping: keep-alive. MV3 service workers are stopped after 30 s without
// events; a message every ~20 s keeps the rep's socket (and worker) alive.
import type { Handler } from '../context.ts';

export const ping: Handler<'ping'> = (_ctx, conn, message) => {
  conn.send({ type: 'pong', rid: message.rid });
};
