/** Public surface of the pure analysis. */
export { analyze, Analyzer } from './analyze';
export type { AnalysisResult, AnalyzeOptions, DocumentAnalysis } from './analyze';
export type { Finding, Rule, Severity, RelatedInfo } from './rule';
export { findingData } from './rule';
export { allRules, ruleIds, findRule } from './rules';
export { mergeSettings, resolveSettings, parseConfigFile, CONFIG_FILE_NAME } from './settings';
export type { Settings, ResolvedSettings, RuleSetting } from './settings';
export { LineIndex } from './lineIndex';
export type { Container, PodSpec, Volume, Mount } from './model';
export { DEFAULT_KUBERNETES_VERSION, formatKubeVersion, NEWEST_KNOWN_KUBERNETES_VERSION, newerThanKnown, parseKubeVersion } from './version';
