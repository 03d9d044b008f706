import { describe, expect, it } from 'vitest';
import { parseRuleDuration } from './duration.js';
import { checkTemplate, renderTemplate } from './template.js';

describe('templates', () => {
  const data = { labels: { instance: 'a:1' }, value: 0.123456, vars: { score: 2.5 } };
  it('renders $labels, $value and variables like Prometheus', () => {
    expect(renderTemplate('{{ $labels.instance }} at {{ $value }} ({{$score}})', data)).toBe(
      'a:1 at 0.123456 (2.5)',
    );
    expect(renderTemplate('{{ printf "%.2f" $value }}', data)).toBe('0.12');
    expect(renderTemplate('{{ humanize $value }}', data)).toBe('123.5m');
    expect(renderTemplate('{{ humanize $value }}', { ...data, value: 2_500_000 })).toBe('2.5M');
    expect(renderTemplate('{{ humanizePercentage $value }}', data)).toBe('12.35%');
    expect(renderTemplate('{{ $labels.missing }}!', data)).toBe('!');
  });
  it('rejects what it cannot render', () => {
    expect(checkTemplate('{{ $labels.x }}')).toBeUndefined();
    expect(checkTemplate('{{ range $x }}')).toMatch(/cannot render/);
    expect(checkTemplate('{{ $value')).toMatch(/unbalanced/);
  });
  it('parses Prometheus durations', () => {
    expect(parseRuleDuration('1h30m')).toBe(5_400_000);
    expect(parseRuleDuration('250ms')).toBe(250);
    expect(parseRuleDuration('0')).toBe(0);
    expect(parseRuleDuration('5x')).toBeUndefined();
    expect(parseRuleDuration('5')).toBeUndefined();
  });
});
