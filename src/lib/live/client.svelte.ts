import { io, type Socket } from 'socket.io-client';
import type { PanelFilters } from '../contract/filters';
import { subscriptionKey } from '../contract/filters';
import type { PanelId } from '../contract/panels';
import type { ClientToServerEvents, HandshakeAuth, PanelData, PanelDelta, ServerToClientEvents } from '../contract/socket';
import { isNewer, receiveDelta } from '../shared/live-delta';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type LinkState = 'connecting' | 'live' | 'stale';

/**
 * What a screen needs to say about its data: connecting, live, or stale since a given time
 * (server unreachable, or reachable but its database failing).
 */
export const link = $state({
  state: 'connecting' as LinkState,
  /** When the current state began (epoch ms). */
  since: Date.now(),
  /** Last time the server was heard from (status heartbeat or data). */
  heardAt: 0,
  degraded: false,
  error: '' as string
});

/** A status heartbeat comes every 5 s; three missed ones mean the link is not trustworthy. */
const HEARTBEAT_GRACE_MS = 15_000;

interface Want {
  /** The view's key as this client computes it (the map's key). */
  id: string;
  panel: PanelId;
  filters: PanelFilters;
  listeners: Set<(d: PanelData) => void>;
  /** Told when the server refuses the view (a filter the panel does not take, an unknown panel). */
  errorListeners: Set<(message: string) => void>;
  error: string | null;
  /** Server key once acknowledged; null while (re)subscribing. */
  key: string | null;
  /** The result shown: the last whole one with every delta since applied. */
  last: PanelData | null;
  /** A delta did not apply; the whole result is asked for and deltas wait until it comes. */
  resyncing: boolean;
  /** Counts subscribes sent: a retry planned for an earlier one is dropped once another went. */
  sent: number;
}

let socket: ClientSocket | null = null;
// Plain Map/Set on purpose: subscription bookkeeping is not UI state and must not trigger renders.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const wants = new Map<string, Want>();

function setState(s: LinkState) {
  if (link.state !== s) {
    link.state = s;
    link.since = Date.now();
  }
}

function heard() {
  link.heardAt = Date.now();
  if (!link.degraded && socket?.connected) setState('live');
}

/** The read token (from ?token= once, then remembered), for sockets, fetches and download links. */
export function readToken(): string | undefined {
  try {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, not state
    const fromUrl = new URL(location.href).searchParams.get('token');
    if (fromUrl) localStorage.setItem('pdo-read-token', fromUrl);
    return fromUrl ?? localStorage.getItem('pdo-read-token') ?? undefined;
  } catch {
    return undefined;
  }
}

function ensureSocket(): ClientSocket {
  if (socket) return socket;
  const t = readToken();
  // websocket only: no long-polling fallback to keep alive through proxies for weeks; socket.io
  // reconnects with capped, jittered backoff when the server or network goes away.
  const s: ClientSocket = io({
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15_000,
    randomizationFactor: 0.5,
    // batch: all the results of one refresh pass in one message (panel:batch).
    auth: { batch: true, ...(t ? { token: t } : {}) } satisfies HandshakeAuth
  });
  socket = s;
  s.on('connect', () => {
    link.error = '';
    heard();
    // Resubscribe everything; results already seen are dropped by isNewer below.
    for (const w of wants.values()) {
      w.key = null;
      w.resyncing = false;
      send(w);
    }
  });
  s.on('disconnect', () => setState('stale'));
  s.on('connect_error', (err) => {
    link.error = err.message;
    if (link.state === 'live') setState('stale');
  });
  s.on('status', (st) => {
    link.degraded = st.degraded;
    if (st.degraded) setState('stale');
    heard();
  });
  const onData = (d: PanelData) => {
    for (const w of wants.values()) {
      if (w.key !== d.key) continue;
      w.resyncing = false;
      if (isNewer(d, w.last)) show(w, d);
    }
  };
  const onDelta = (d: PanelDelta) => {
    for (const w of wants.values()) {
      if (w.key !== d.key || w.resyncing) continue;
      const next = receiveDelta(w.last, d);
      if (next === 'old') continue;
      if (next !== 'gap') show(w, next);
      else {
        // A delta was missed: ask for the whole result rather than draw a wrong chart.
        w.resyncing = true;
        // Refused (rate limit, key dropped): the next delta finds the same gap and asks again.
        s.emit('resync', { key: d.key }, (ack) => {
          if ('error' in ack) w.resyncing = false;
        });
      }
    }
  };
  s.on('panel:data', (d) => {
    heard();
    onData(d);
  });
  s.on('panel:delta', (d) => {
    heard();
    onDelta(d);
  });
  s.on('panel:batch', (pushes) => {
    heard();
    for (const p of pushes) {
      if (p[0] === 'panel:data') onData(p[1]);
      else onDelta(p[1]);
    }
  });
  // For the page's lifetime, like the one socket it watches (ensureSocket makes it once).
  setInterval(() => {
    if (link.state === 'live' && Date.now() - link.heardAt > HEARTBEAT_GRACE_MS) setState('stale');
  }, 2_000);
  return s;
}

function show(w: Want, d: PanelData) {
  w.last = d;
  for (const fn of w.listeners) fn(d);
}

function send(w: Want) {
  const s = socket;
  if (!s?.connected) return;
  const attempt = ++w.sent;
  s.emit('subscribe', { panel: w.panel, filters: w.filters, deltas: true }, (ack) => {
    if (wants.get(w.id) !== w) {
      // Nobody watches the view any more (the page moved on before the answer): the server
      // lets it go too, or it would count against the socket's subscriptions for good. Unless
      // the page came back to the same view meanwhile: its new subscribe holds the same key.
      if ('key' in ack && !wants.has(w.id)) release(ack.key);
      return;
    }
    if ('error' in ack) {
      // Rate limited (a page that swaps many views at once): asked again, unseen by the reader.
      if (ack.retry_after_ms !== undefined) {
        return later(ack.retry_after_ms, () => {
          if (wants.get(w.id) === w && w.sent === attempt && socket === s && s.connected) send(w);
        });
      }
      w.error = ack.error;
      for (const fn of w.errorListeners) fn(ack.error);
      return;
    }
    w.error = null;
    w.key = ack.key;
  });
}

/** Tells the server to stop sending a key, unless a view on this page holds it (again). */
function release(key: string) {
  const s = socket;
  if (!s?.connected) return;
  for (const w of wants.values()) if (w.key === key || w.id === key) return;
  s.emit('unsubscribe', { key }, (ack) => {
    if ('error' in ack && ack.retry_after_ms !== undefined) later(ack.retry_after_ms, () => release(key));
  });
}

// Retries planned and not yet sent. Each waits one more interval than the last: the server's
// wait is for one message, and a page's refused messages together would otherwise come back at
// once and be refused again.
let retriesPlanned = 0;
function later(waitMs: number, fn: () => void) {
  retriesPlanned++;
  setTimeout(() => {
    retriesPlanned--;
    fn();
  }, waitMs * retriesPlanned);
}

/**
 * Watches a panel: `onData` gets every new result, whole (the cached one first, at once; the
 * server sends changes as deltas, applied here); `onError` the
 * server's reason when it refuses the view. Returns the function that stops watching. Two
 * components watching the same view share one subscription.
 */
export function watch(
  panel: PanelId,
  filters: PanelFilters,
  onData: (d: PanelData) => void,
  onError?: (message: string) => void
): () => void {
  ensureSocket();
  const id = subscriptionKey(panel, filters);
  let w = wants.get(id);
  if (!w) {
    w = {
      id,
      panel,
      filters,
      // Bookkeeping, not UI state (see `wants`).
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      listeners: new Set(),
      // eslint-disable-next-line svelte/prefer-svelte-reactivity
      errorListeners: new Set(),
      error: null,
      key: null,
      last: null,
      resyncing: false,
      sent: 0
    };
    wants.set(id, w);
    send(w);
  } else if (w.last) {
    onData(w.last);
  } else if (w.error && onError) {
    onError(w.error);
  }
  w.listeners.add(onData);
  if (onError) w.errorListeners.add(onError);
  const want = w;
  return () => {
    want.listeners.delete(onData);
    if (onError) want.errorListeners.delete(onError);
    if (want.listeners.size > 0) return;
    wants.delete(id);
    // A view still waiting for its answer is let go when the answer comes (send).
    if (want.key) release(want.key);
  };
}

/** The one live connection, opened if need be: for other live feeds (annotations) on the same socket. */
export function liveSocket(): ClientSocket {
  return ensureSocket();
}
