import { describe, expect, it } from 'vitest';
import { toPrometheusTemplate } from './templates.js';

const ctx = { severity: 'critical', recordOf: (v: string) => `claude_zen_rule:r:${v}` };

describe('toPrometheusTemplate', () => {
  it('keeps $labels, $value, humanize and printf as they are (Prometheus has them)', () => {
    const t = '{{ $labels.instance }} {{ $value }} {{ humanize $value }} {{ printf "%.2f" $value }}';
    expect(toPrometheusTemplate(t, ctx)).toBe(t);
  });

  it('renders $severity as the alert severity', () => {
    expect(toPrometheusTemplate('is {{ $severity }}', ctx)).toBe('is {{ "critical" }}');
  });

  it('looks up band variables in the recorded series for the alert labels', () => {
    const out = toPrometheusTemplate(
      'expected {{ printf "%.2f" $expected }}, score {{ humanize $score }}',
      ctx,
    );
    expect(out.startsWith('{{ $sel := "" }}{{ range $k, $v := $labels }}')).toBe(true);
    expect(out).toContain(
      'expected {{ with query (printf "claude_zen_rule:r:expected{%s}" $sel) }}{{ printf "%.2f" (. | first | value) }}{{ end }}',
    );
    expect(out).toContain(
      'score {{ with query (printf "claude_zen_rule:r:score{%s}" $sel) }}{{ humanize (. | first | value) }}{{ end }}',
    );
  });

  it('renders unknown variables empty, as the controller does', () => {
    expect(toPrometheusTemplate('a{{ $nope }}b', ctx)).toBe('ab');
  });
});
