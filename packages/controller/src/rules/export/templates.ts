/** Template variables the controller offers beyond `$labels` and `$value`, and where they are recorded. */
export const BAND_VARIABLES = ['expected', 'lower', 'upper', 'score'] as const;
export type BandVariable = (typeof BAND_VARIABLES)[number];

const ACTION = /\{\{\s*(.*?)\s*\}\}/g;
const BODY = /^(?:(humanize|humanizePercentage)\s+|printf\s+("[^"]*")\s+)?(\$[A-Za-z_][\w.]*)$/;

/**
 * Builds `$sel`, the label matchers of the alert's series (`job="x",instance="y",`), so a template
 * can look up the rule's other recorded series for the same labels with `query`.
 */
const SELECTOR_PRELUDE =
  '{{ $sel := "" }}{{ range $k, $v := $labels }}{{ if ne $k "__name__" }}{{ $sel = printf "%s%s=%q," $sel $k $v }}{{ end }}{{ end }}';

export interface TemplateContext {
  /** The severity label value of the alert the template belongs to (`$severity`). */
  severity: string;
  /** The recorded series holding each band variable for this rule. */
  recordOf: (v: BandVariable) => string;
}

/**
 * A controller label/annotation template (`{{ $labels.x }}`, `{{ $value }}`, `{{ humanize $v }}`,
 * `{{ printf "%.2f" $v }}`) as a Prometheus alert template. `$expected`, `$lower`, `$upper` and
 * `$score` become queries of the rule's recorded band series for the alert's labels; `$severity`
 * the alert's severity; other unknown variables render empty, as in the controller.
 */
export function toPrometheusTemplate(text: string, ctx: TemplateContext): string {
  let needsSelector = false;
  const out = text.replace(ACTION, (all, body: string) => {
    const m = BODY.exec(body);
    if (!m) return all;
    const [, fn, format, ref] = m;
    if (ref === '$value' || ref.startsWith('$labels.')) return all;
    const name = ref.slice(1);
    const apply = (arg: string) =>
      fn ? `${fn} ${arg}` : format !== undefined ? `printf ${format} ${arg}` : arg;
    if (name === 'severity') return `{{ ${apply(JSON.stringify(ctx.severity))} }}`;
    if (!(BAND_VARIABLES as readonly string[]).includes(name)) return '';
    needsSelector = true;
    const record = ctx.recordOf(name as BandVariable);
    return `{{ with query (printf "${record}{%s}" $sel) }}{{ ${apply('(. | first | value)')} }}{{ end }}`;
  });
  return needsSelector ? `${SELECTOR_PRELUDE}${out}` : out;
}
