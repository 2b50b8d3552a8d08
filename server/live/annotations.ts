// Annotations over socket.io: a socket asks once for the whole set and then receives each
// change as a delta in the room of annotation watchers. One broadcast per change, whatever the
// number of screens.
import type { AnnotationFeed } from '../annotations/feed';
import type { IoServer } from './sockets';

const ROOM = 'annotations';

export function attachAnnotationFeed(io: IoServer, feed: AnnotationFeed): () => void {
  const stop = feed.onDelta((delta) => io.to(ROOM).emit('annotations:delta', delta));
  io.on('connection', (socket) => {
    socket.on('annotations:subscribe', (_req, ack) => {
      if (typeof ack !== 'function') return;
      void socket.join(ROOM);
      ack(feed.snapshot());
    });
  });
  return stop;
}
