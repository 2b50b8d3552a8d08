import type { LivePush } from '../../src/lib/contract/socket';
import type { Metrics } from '../metrics/metrics';

/** A live result about to be sent, with the byte length of its JSON (`[event, payload]`). */
export interface SizedPush {
  push: LivePush;
  bytes: number;
}

export function sized(push: LivePush): SizedPush {
  return { push, bytes: Buffer.byteLength(JSON.stringify(push)) };
}

/** `2["panel:batch",[` before the results, `]]` after, a comma between two. */
const BATCH_FRAME = '2["panel:batch",['.length + ']]'.length;

/**
 * Counts one broadcast: the same message written to `recipients` sockets, holding one result (a
 * `panel:data` or `panel:delta` packet) or several (`panel:batch`). Counted once per broadcast,
 * as bytes x recipients, from the packet text socket.io encodes once for all of them: `2` (an
 * event) and the JSON of [event, ...args], so a lone result is 1 + its JSON, and a batch adds its
 * frame and commas, counted to the kind of its first result so that the kinds add up to the bytes
 * written.
 */
export function countBroadcast(metrics: Metrics, pushes: readonly SizedPush[], recipients: number): void {
  if (recipients === 0 || pushes.length === 0) return;
  const frame = pushes.length === 1 ? 1 : BATCH_FRAME + pushes.length - 1;
  pushes.forEach(({ push, bytes }, i) => {
    const kind = push[0] === 'panel:data' ? 'snapshot' : 'delta';
    metrics.liveSentMessages.inc({ kind }, recipients);
    metrics.liveSentBytes.inc({ kind }, (bytes + (i === 0 ? frame : 0)) * recipients);
  });
}
