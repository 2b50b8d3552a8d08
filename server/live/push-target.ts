import type { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  PanelData,
  PanelDelta,
  ServerToClientEvents,
  SocketData
} from '../../src/lib/contract/socket';
import type { PushTarget } from './push-batch';

/** The live server's socket.io (sockets.ts's IoServer, spelled out here so the two files do not import each other). */
type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * The batcher's view of a socket.io server: rooms from its adapter, each socket's mode from its
 * handshake, and broadcasts by `io.local.to(socket ids)`, which the adapter encodes (and frames)
 * once for all the sockets it reaches. Only this server's sockets (`io.local`): in a fleet each
 * server pushes to its own from the results it runs or receives.
 */
export function ioPushTarget(io: IoServer): PushTarget {
  const nsp = io.of('/');
  oneBufferFrames(nsp.adapter);
  const sockets = nsp.sockets;
  const local = io.local;
  return {
    members: (room) => nsp.adapter.rooms.get(room),
    mode: (id) => {
      const socket = sockets.get(id);
      return socket ? (socket.data.batch ? 'batch' : 'single') : null;
    },
    send: (ids, event, payload) => {
      if (event === 'panel:data') local.to(ids).emit(event, payload as PanelData);
      else local.to(ids).emit(event, payload as PanelDelta);
    },
    sendBatch: (ids, pushes) => local.to(ids).emit('panel:batch', pushes)
  };
}

/** What socket.io's adapters (in-memory and Redis, which extends it) do to encode a broadcast once. */
interface FrameEncoder {
  _encode?: (packet: unknown, opts: { wsPreEncodedFrame?: unknown }) => unknown;
}

/**
 * Makes the adapter's once-per-broadcast WebSocket frame one buffer instead of two (header and
 * payload). ws writes a two-buffer frame to each socket as cork, two writes and uncork, which Node
 * turns into a `writev` and its bookkeeping for every socket; one buffer is one plain `write`.
 * The copy is made once per broadcast, the saving once per socket: in a profile of 5,000 sockets
 * the `writev` path was over half of the flush. An adapter without `_encode` (another socket.io
 * version) is left as it is: frames then go as two buffers, as before.
 */
export function oneBufferFrames(adapter: object): void {
  const a = adapter as FrameEncoder;
  const encode = a._encode;
  if (typeof encode !== 'function') return;
  a._encode = function (this: unknown, packet, opts) {
    const out = encode.call(this, packet, opts);
    const frame = opts.wsPreEncodedFrame;
    if (Array.isArray(frame) && frame.length === 2) opts.wsPreEncodedFrame = [Buffer.concat(frame as Buffer[])];
    return out;
  };
}
