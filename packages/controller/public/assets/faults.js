// The demo fault bar: shown when the controller forwards to a demo service
// (GET /api/demo/faults answers); each button turns one fault on or off
// (POST /api/demo/faults/:name {enabled}, bearer token).

import { getJson, postJson, token } from './api.js';
import { el, replace, toast } from './dom.js';

const ORDER = ['leak', 'cpu', 'latency', 'slow-inference', 'errors'];

function faultsOf(body) {
  const list = Array.isArray(body) ? body : (body?.faults ?? []);
  return list.filter((f) => f && typeof f.name === 'string');
}

export async function mountFaultBar() {
  const bar = document.getElementById('faultbar');
  const box = document.getElementById('fault-buttons');
  const hint = document.getElementById('fault-hint');
  if (!bar || !box || !hint) return;
  let faults;
  try {
    faults = faultsOf(await getJson('/api/demo/faults'));
  } catch {
    bar.hidden = true;
    return;
  }
  faults.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  hint.textContent = token()
    ? 'a fault makes an alert fire; watch the optimizer act on it below'
    : 'a fault makes an alert fire (needs the access token from the address the demo printed, unless started with --no-auth)';
  const buttons = faults.map((f) => {
    const b = el('button', {
      className: 'danger',
      text: f.name,
      title: f.description ?? '',
      dataset: { fault: f.name },
      attrs: {
        type: 'button',
        'aria-pressed': f.enabled ? 'true' : 'false',
      },
      on: {
        click: async () => {
          const enabled = b.getAttribute('aria-pressed') !== 'true';
          b.disabled = true;
          try {
            await postJson(`/api/demo/faults/${encodeURIComponent(f.name)}`, { enabled });
            b.setAttribute('aria-pressed', enabled ? 'true' : 'false');
            toast(`Fault ${f.name} ${enabled ? 'injected' : 'cleared'}`, enabled ? 'warning' : 'good');
          } catch (err) {
            toast(`Fault ${f.name}: ${err.message}`, 'error');
          } finally {
            b.disabled = false;
          }
        },
      },
    });
    return b;
  });
  replace(box, ...buttons);
  bar.hidden = false;
}
