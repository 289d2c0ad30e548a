/**
 * The contract between the analysis and each rule module. A rule is one object that carries all
 * there is to know about it: its id, default severity and summary, the check, the type of the data
 * its findings carry, and the quick fixes for them. `rules/index.ts` lists every rule once.
 */
import type { Fix, FixContext } from './fixes/context';
import type { Container, ContainerList, PodSpec } from './model';
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
  /**
   * Rule-specific facts for the rule's quick fixes, typed by the rule (`Rule<Data>`). Plain values
   * (names, ports, suggestions), never offsets: where something is, the fix reads from the model.
   */
  data?: object;
}

export interface RuleReport<D extends object = object> {
  /** Where: the offending key or value. A report without a range is dropped. */
  range: Range | null | undefined;
  /** Headline: what is wrong, plain text (no Markdown), ≤ 100 chars in English, ≤ 50 in Chinese. */
  message: string;
  /** Explanation shown where there is room (hover, --verbose, JSON, SARIF); Markdown code spans allowed. */
  detail?: string;
  container?: Container | null;
  related?: Array<{ range: Range | null | undefined; message: string }>;
  data?: D;
  /**
   * A milder severity than the rule's default for this one finding (e.g. a warning where the same
   * rule is an error at other versions). A severity set in the settings still wins.
   */
  severity?: Severity;
}

export interface RuleContext<D extends object = object> {
  pod: PodSpec;
  /** The document's text; every range in the model refers to it. */
  text: string;
  /** The target Kubernetes version. */
  version: KubeVersion;
  report(report: RuleReport<D>): void;
}

/** A rule whose findings carry data of type `D` (an object of plain values) for its fixes. */
export interface Rule<D extends object = object> {
  /** Stable id, shown as the diagnostic's code and the docs page's name. */
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** Entry in the reference catalogue (`INIT001`), when there is one. */
  catalogue?: string;
  /** Checks the Pod (for a container rule: each of its containers, through `checkContainer`). */
  check(ctx: RuleContext<D>): void;
  /**
   * Set on a container rule (made by `containerRule`): checks one container. What it reports
   * depends only on that container, the Pod outside its container lists, and the target version —
   * never on another container — and every report names the container. So after an edit inside one
   * container, the analysis runs it on that container alone and takes the other containers' findings
   * from the previous version (`analyze.ts`).
   */
  checkContainer?(ctx: RuleContext<D>, container: Container): void;
  /** The lists whose containers a container rule looks at (default: all three). */
  lists?: readonly ContainerList[];
  /**
   * The quick fixes for one finding of this rule, given the finding's document, Pod, container and
   * typed data. The suppression comments every rule has are added by `fixes/index.ts`.
   */
  fixes?(ctx: FixContext<D>): Fix[];
}

/** Every container of a Pod in list order: init containers, app containers, ephemeral containers. */
export function podContainers(pod: PodSpec): Container[] {
  // the model's init-then-app list with the ephemeral containers pushed on (a spread of three arrays
  // walks each through the iterator protocol)
  const out = pod.all.slice();
  for (const c of pod.ephemeralContainers) out.push(c);
  return out;
}

/**
 * A rule that looks at one container at a time (see `Rule.checkContainer`): `check` runs
 * `checkContainer` over every container of the Pod in its `lists`, in list order.
 */
export function containerRule<D extends object>(
  rule: Omit<Rule<D>, 'check' | 'checkContainer'> & { checkContainer(ctx: RuleContext<D>, container: Container): void },
): Rule<D> {
  const lists = rule.lists ?? CONTAINER_LISTS;
  return {
    ...rule,
    check(ctx) {
      for (const list of lists) for (const c of ctx.pod[list]) rule.checkContainer(ctx, c);
    },
  };
}

/** The container lists of a Pod spec, in list order. */
export const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** A finding's data as its rule typed it; undefined for a finding of another rule. */
export function findingData<D extends object>(rule: Rule<D>, finding: Finding): D | undefined {
  return finding.rule === rule.id ? (finding.data as D | undefined) : undefined;
}
