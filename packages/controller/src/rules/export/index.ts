export { alertingRule, strategiesOf } from './alerting-rule.js';
export { exportPrometheusRules, groupName } from './export-rules.js';
export { loadRulesForExport } from './load.js';
export { RECORD_PREFIX, recordName, ruleId } from './names.js';
export { EXPORT_COMMAND, type RenderOptions, renderRuleFile } from './render-yaml.js';
export { toPrometheusTemplate } from './templates.js';
export { NOT_EXPRESSIBLE } from './translate.js';
export type * from './types.js';
