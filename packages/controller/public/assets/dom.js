// DOM building without HTML strings: every value lands in the page as text (label values come
// from monitored processes and are untrusted), never through innerHTML.

/**
 * Creates an element. `props`: className, text, title, dataset, attrs (plain attributes),
 * on (event listeners), hidden. Children: nodes, strings (as text nodes), or null/false (skipped).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
  if (props.title) node.title = String(props.title);
  if (props.hidden) node.hidden = true;
  for (const [k, v] of Object.entries(props.dataset ?? {})) {
    if (v !== undefined && v !== null) node.dataset[k] = String(v);
  }
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [k, fn] of Object.entries(props.on ?? {})) node.addEventListener(k, fn);
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text) to `parent`, skipping null, undefined and false. */
export function append(parent, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** Replaces every child of `parent` with `children`. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A label set as small `name="value"` chips (text only). */
export function labelChips(labels, skip = []) {
  const wrap = el('div', { className: 'labels' });
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (skip.includes(k)) continue;
    wrap.append(el('span', { className: 'label', text: `${k}="${v}"` }));
  }
  return wrap;
}

/** A coloured badge; `tone` picks the colour (critical, warning, good, resolved, ...). */
export function badge(text, tone = text) {
  return el('span', { className: 'badge', text, dataset: { tone: String(tone ?? '').toLowerCase() } });
}

/** A small toast at the bottom right, removed after a few seconds. */
export function toast(message, tone = 'info', ms = 6000) {
  const box = document.getElementById('toasts');
  if (!box) return;
  const t = el('div', { className: 'toast', text: message, dataset: { tone } });
  box.append(t);
  while (box.children.length > 5) box.firstElementChild?.remove();
  setTimeout(() => t.remove(), ms);
}
