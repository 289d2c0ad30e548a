/** The contract between the analysis and each rule module. */
import type { Container, PodSpec } from './model';
import type { Range } from './nodes';
import type { KubeVersion } from './version';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface RelatedInfo {
  start: number;
  end: number;
  message: string;
}

/** One problem found, with absolute offsets in the analysed text. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** The headline: what is wrong and where it bites, one Problems row (≤ 100 chars en, ≤ 50 zh-cn). */
  message: string;
  /** The explanation: what happens at runtime, the exact API error, the fix (Markdown code spans allowed). */
  detail?: string;
  start: number;
  end: number;
  /** 0-based index of the YAML document in the file. */
  document: number;
  /** `Kind/name` of the object, or null for a fragment. */
  object: string | null;
  /** The container concerned, when there is one. */
  container: string | null;
  related: RelatedInfo[];
  /** Rule-specific facts for quick fixes (offsets absolute, like start/end). */
  data?: Record<string, unknown>;
}

export interface RuleReport {
  /** Where: the offending key or value. A report without a range is dropped. */
  range: Range | null | undefined;
  /** Headline: what is wrong, plain text (no Markdown), ≤ 100 chars in English, ≤ 50 in Chinese. */
  message: string;
  /** Explanation shown where there is room (hover, --verbose, JSON, SARIF); Markdown code spans allowed. */
  detail?: string;
  container?: Container | null;
  related?: Array<{ range: Range | null | undefined; message: string }>;
  data?: Record<string, unknown>;
}

export interface RuleContext {
  pod: PodSpec;
  /** The document's text; every range in the model refers to it. */
  text: string;
  /** The target Kubernetes version. */
  version: KubeVersion;
  report(report: RuleReport): void;
}

export interface Rule {
  /** Stable id, shown as the diagnostic's code and the docs page's name. */
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** Entry in the reference catalogue (`INIT001`), when there is one. */
  catalogue?: string;
  check(ctx: RuleContext): void;
}
