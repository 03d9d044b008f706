/** Reading the Prometheus text exposition in benchmarks (just enough for counting series). */

/** Samples of one metric name: [{ labels: {name: value}, value }]. */
export function samples(text, name) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue;
    const labels = {};
    let body = rest;
    if (rest[0] === '{') {
      const end = rest.lastIndexOf('}');
      for (const m of rest.slice(1, end).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
        labels[m[1]] = m[2];
      body = rest.slice(end + 1);
    }
    out.push({ labels, value: Number(body.trim().split(' ')[0]) });
  }
  return out;
}

/** Distinct values of a label across the samples of a metric. */
export function labelValues(text, name, label) {
  return new Set(
    samples(text, name)
      .map((s) => s.labels[label])
      .filter((v) => v !== undefined),
  );
}
