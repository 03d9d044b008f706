import { describe, expect, it } from 'vitest';
import { inhibited, inhibitor } from './inhibited.js';
import { DEFAULT_INHIBIT_RULES, parseInhibitRules } from './rules.js';

const alert = (fingerprint: string, labels: Record<string, string>) => ({ fingerprint, labels });

describe('inhibition', () => {
  const warning = alert('w', { alertname: 'HighLatency', severity: 'warning', job: 'api', instance: 'a:1' });
  const critical = alert('c', { alertname: 'HighCpu', severity: 'critical', job: 'api', instance: 'a:1' });

  it('by default a critical alert hides a warning of the same job and instance', () => {
    expect(inhibitor(warning, [critical, warning], DEFAULT_INHIBIT_RULES)).toBe(critical);
    expect(inhibited(critical, [critical, warning], DEFAULT_INHIBIT_RULES)).toBe(false);
  });

  it('another target, no source, or a non-matching target is not inhibited', () => {
    const elsewhere = alert('c2', { ...critical.labels, instance: 'b:1' });
    expect(inhibited(warning, [elsewhere], DEFAULT_INHIBIT_RULES)).toBe(false);
    expect(inhibited(warning, [], DEFAULT_INHIBIT_RULES)).toBe(false);
    const info = alert('i', { ...warning.labels, severity: 'info' });
    expect(inhibited(info, [critical], DEFAULT_INHIBIT_RULES)).toBe(false);
    expect(inhibited(warning, [critical], [])).toBe(false);
  });

  it('an alert never inhibits itself; missing equal labels count as equal (empty)', () => {
    const rules = parseInhibitRules([
      { source_matchers: ['team=~"ops|sre"'], target_matchers: ['team=~"ops|sre"'], equal: ['cluster'] },
    ]);
    const a = alert('a', { team: 'ops' });
    expect(inhibited(a, [a], rules)).toBe(false);
    expect(inhibited(a, [alert('b', { team: 'sre' })], rules)).toBe(true);
    expect(inhibited(a, [alert('b', { team: 'sre', cluster: 'x' })], rules)).toBe(false);
  });

  it('bad rules are errors naming the field', () => {
    expect(() =>
      parseInhibitRules([{ source_matchers: ['severity="critical"'], target_matchers: 'x' }]),
    ).toThrow(/^inhibit_rules\[0\]\.target_matchers: /);
    expect(() =>
      parseInhibitRules([{ source_matchers: ['a=b'], target_matchers: ['c=d'], equal: [1] }]),
    ).toThrow(/^inhibit_rules\[0\]\.equal: /);
  });
});
