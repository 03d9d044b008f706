// Live updates: one Socket.IO connection (the client script served by the controller at
// /socket.io/socket.io.js), its events fanned out to the page that is showing.

const EVENTS = ['metrics:update', 'alert', 'optimization', 'anomaly'];
const listeners = new Map(EVENTS.map((e) => [e, new Set()]));
let socket;
let lastUpdate = 0;

function setState(state, text) {
  const conn = document.getElementById('conn');
  if (!conn) return;
  conn.dataset.state = state;
  conn.textContent = text;
}

/** Connects once; the connection state is shown in the top bar. */
export function connectLive() {
  if (socket) return;
  if (typeof window.io !== 'function') {
    setState('offline', 'no live updates');
    return;
  }
  socket = window.io({ path: '/socket.io', transports: ['websocket', 'polling'] });
  socket.on('connect', () => setState('live', 'live'));
  socket.on('disconnect', () => setState('offline', 'reconnecting'));
  socket.on('connect_error', () => setState('offline', 'offline'));
  for (const name of EVENTS) {
    socket.on(name, (payload) => {
      if (name === 'metrics:update') {
        lastUpdate = Date.now();
        document.body.dataset.liveUpdates = String(Number(document.body.dataset.liveUpdates ?? 0) + 1);
      }
      for (const fn of listeners.get(name)) {
        try {
          fn(payload);
        } catch (err) {
          console.error(`handler of ${name} failed`, err);
        }
      }
    });
  }
}

/** Subscribes to a live event; returns the unsubscribe function. */
export function onLive(name, fn) {
  listeners.get(name).add(fn);
  return () => listeners.get(name).delete(fn);
}

/** True when a metrics:update arrived in the last few seconds. */
export function isLive() {
  return Date.now() - lastUpdate < 5000;
}
