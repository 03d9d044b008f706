// A stat tile: label, big value, a detail line, coloured by level (good, warning, critical).

import { el } from '../dom.js';

export function statTile(label, { big = false } = {}) {
  const value = el('div', { className: 'stat-value', text: '–' });
  const detail = el('div', { className: 'stat-detail' });
  const fill = el('span');
  const bar = el('div', { className: 'bar', hidden: true }, fill);
  const node = el(
    'div',
    { className: `panel stat${big ? ' big' : ''}`, dataset: { level: 'unknown', stat: label } },
    el('div', { className: 'stat-label', text: label }),
    value,
    detail,
    bar,
  );
  return {
    node,
    /** `score` (0..100) draws the bar under the value. */
    set({ text, detailText, level, score }) {
      value.textContent = text ?? '–';
      detail.textContent = detailText ?? '';
      node.dataset.level = level ?? 'unknown';
      if (typeof score === 'number' && Number.isFinite(score)) {
        bar.hidden = false;
        fill.style.width = `${Math.max(0, Math.min(100, score))}%`;
      } else bar.hidden = true;
    },
  };
}

/** The level of a 0..100 score, as the health score grades it. */
export function levelOfScore(score) {
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'unknown';
  if (score >= 80) return 'good';
  if (score >= 50) return 'warning';
  return 'critical';
}
