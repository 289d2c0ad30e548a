/**
 * `restartPolicyRules` the API server rejects (catalogue INIT303, INIT304, INIT305, INIT307, INIT308),
 * from 1.35 on — 1.34 drops the rules and older versions do not know them (`restart-fields-ignored`).
 *
 * Read from `validateContainerRestartPolicy` / `validateInitContainerRestartPolicy` at v1.35.4 and at
 * master before v1.36.0 and after v1.37.0-beta.0 (init-rules.md §7.2):
 *   - rules without the container's own `restartPolicy`: `Required value`;
 *   - rules on a sidecar (`restartPolicy: Always` init container): `Forbidden` at 1.35; from 1.36
 *     (RestartAllContainersOnContainerExits beta) they are validated like any other;
 *   - more than 20 rules / 255 exit codes: `Too long: may not be more than N bytes` at 1.35,
 *     `Too many: M: must have at most N items` from 1.36;
 *   - `action` other than `Restart` (1.35) or `Restart`/`RestartAllContainers` (1.36+); missing
 *     `exitCodes`; `operator` other than `In`/`NotIn`.
 */
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { t } from '../i18n';
import { containerLabel } from '../model';
import { asMap, asScalar, get, keyRange, rangeOf, type Range, scalarText, seqItems } from '../nodes';
import { containerRule, type Rule, type RuleReport } from '../rule';
import { fixRestartRulesInvalid } from '../fixes/versions';
import { atLeast } from '../version';
import { apiPath } from './util';

const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

/** The first key of a map (where to point when the offending key is missing). */
function firstKey(m: YAMLMap): Range | null {
  const first = m.items[0];
  return first ? rangeOf(first.key) : rangeOf(m);
}

/** What a finding of `restart-rules-invalid` tells its fixes. */
export interface RestartRulesInvalidData {
  problem: 'type' | 'needs-policy' | 'sidecar' | 'too-many-rules' | 'no-exit-codes' | 'operator' | 'too-many-exit-codes' | 'restart-all-before-136' | 'action';
  /** The value to write (the container policy to add, or the right case of a value). */
  suggestion?: string | null;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** An exit code as the API decodes it: an int32 written as a plain YAML integer. */
function isInt32(n: unknown): boolean {
  const s = asScalar(n);
  return !!s && typeof s.value === 'number' && Number.isInteger(s.value) && s.value >= INT32_MIN && s.value <= INT32_MAX;
}

/** A YAML null (written `null`, `~` or empty): decodes as the field's zero value, not a type error. */
function isNull(n: unknown): boolean {
  const s = asScalar(n);
  return !!s && s.value === null;
}

/** A value that decodes into a Go string: a scalar that is not a number, boolean or null. */
function isTemplated(n: unknown): boolean {
  const s = scalarText(asScalar(n));
  return s?.includes('{{') ?? false;
}

function isStringScalar(n: unknown): boolean {
  const s = asScalar(n);
  return !!s && typeof s.value === 'string';
}

type Expected = 'list' | 'map' | 'string' | 'int-list';

function expectedText(e: Expected): string {
  switch (e) {
    case 'list':
      return t('a list');
    case 'map':
      return t('a map');
    case 'string':
      return t('a string');
    case 'int-list':
      return t('a list of integers');
  }
}

export const restartRulesInvalid: Rule<RestartRulesInvalidData> = containerRule({
  id: 'restart-rules-invalid',
  lists: ['initContainers', 'containers'],
  defaultSeverity: 'error',
  fixes: fixRestartRulesInvalid,
  summary:
    '`restartPolicyRules` the API server rejects (1.35+): no container `restartPolicy`, too many rules or exit codes, a bad `action`/`operator`, no `exitCodes`, rules on a sidecar or `RestartAllContainers` before 1.36.',
  catalogue: 'INIT305',
  checkContainer({ pod, version, report }, c) {
    if (!atLeast(version, 1, 35)) return;
    const rules = c.restartPolicyRulesNode;
    if (!rules) return;
    const from136 = atLeast(version, 1, 36);
    const actions = from136 ? ['Restart', 'RestartAllContainers'] : ['Restart'];
    const emit = (r: RuleReport<RestartRulesInvalidData>): void => report({ ...r, container: c });
    const name = containerLabel(c);
    const path = (...f: string[]): string => apiPath(pod, c, ...f);
    /** A field of the wrong YAML type: the API server fails to decode the request (no validation message). */
    const typeError = (range: Range | null, field: string, apiField: string, expected: Expected): void => {
      const what = expectedText(expected);
      emit({
        range,
        message: t('{0} on "{1}" must be {2}: the API server cannot decode the Pod', field, name, what),
        detail: t(
          'The API server refuses the request before validating it: `{0}` must be {1}, and a value of another type fails to decode (an error of the form `cannot unmarshal … into Go struct field …`). Write it as {1}.',
          apiField,
          what,
        ),
        data: { problem: 'type' },
      });
    };
    const policyValue = get(c.node, 'restartPolicy');
    if (!isNull(rules) && !isSeq(rules)) {
      typeError(rangeOf(rules), 'restartPolicyRules', path('restartPolicyRules'), 'list');
      return;
    }
    // `restartPolicy` of another type (a list, a number) is a decode error, not a missing policy.
    if (c.restartPolicy === null && !c.restartPolicyNode && (policyValue === undefined || policyValue === null || isNull(policyValue))) {
      emit({
        range: keyRange(c.node, 'restartPolicyRules'),
        message: t('restartPolicyRules on "{0}" need the container\'s own restartPolicy', name),
        detail: t(
          "The API server rejects this Pod: `{0}: Required value: must specify restartPolicy when restart rules are used`. The Pod's `restartPolicy` does not count, even when it is the one you mean. Add `restartPolicy: {1}` to the container (`Never` or `OnFailure` for a run-to-completion container; on an init container, `Always` would make it a sidecar).",
          path('restartPolicy'),
          pod.effectiveRestartPolicy === 'Always' ? 'Never' : pod.effectiveRestartPolicy,
        ),
        data: { problem: 'needs-policy', suggestion: pod.effectiveRestartPolicy === 'Always' ? 'Never' : pod.effectiveRestartPolicy },
      });
    }
    if (c.role === 'sidecar' && !from136) {
      emit({
        range: keyRange(c.node, 'restartPolicyRules'),
        message: t('Kubernetes 1.35 rejects restartPolicyRules on sidecar "{0}" (allowed from 1.36)', name),
        detail: t(
          'The API server rejects this Pod: `{0}: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always`. A sidecar already restarts on every exit, so a `Restart` rule changes nothing; rules on sidecars are accepted from Kubernetes 1.36, where a `RestartAllContainers` rule is the useful kind. Remove the rules, or target 1.36.',
          path('restartPolicyRules'),
        ),
        data: { problem: 'sidecar' },
      });
      return;
    }
    if (!isSeq(rules)) return;
    const items = seqItems(rules);
    if (items.length > MAX_RULES) {
      emit({
        range: keyRange(c.node, 'restartPolicyRules'),
        message: t('{0} restart rules on "{1}": the API server accepts at most 20', items.length, name),
        detail: from136
          ? t(
              'The API server rejects this Pod: `{0}: Too many: {1}: must have at most 20 items`. Merge rules that share an action (one rule can list up to 255 exit codes).',
              path('restartPolicyRules'),
              items.length,
            )
          : t(
              'The API server rejects this Pod: `{0}: Too long: may not be more than 20 bytes` (Kubernetes 1.35 words the limit in bytes; it counts rules). Merge rules that share an action (one rule can list up to 255 exit codes).',
              path('restartPolicyRules'),
            ),
        data: { problem: 'too-many-rules' },
      });
    }
    items.forEach((item: Node, i: number) => {
      const rule = asMap(item);
      const at = (...f: string[]): string => path(`restartPolicyRules[${i}]`, ...f);
      if (!rule) {
        // a string or a number fails to decode; a null item decodes as an empty rule, which
        // validation rejects (no action, no exitCodes): either way the Pod is refused
        if (isNull(item)) {
          emit({
            range: rangeOf(item) ?? keyRange(c.node, 'restartPolicyRules'),
            message: t('A restart rule of "{0}" is empty (null): the API server rejects it', name),
            detail: t(
              'An empty rule has no `action` and no `exitCodes`, and the API server rejects this Pod: `{0}: Required value: must be specified`. Remove the empty item.',
              at('exitCodes'),
            ),
            data: { problem: 'no-exit-codes' },
          });
        } else typeError(rangeOf(item), 'restartPolicyRules[' + i + ']', at(), 'map');
        return;
      }
      const actionNode = get(rule, 'action');
      if (actionNode !== undefined && actionNode !== null && !isNull(actionNode) && !isStringScalar(actionNode))
        typeError(rangeOf(actionNode), 'action', at('action'), 'string');
      else checkAction(rule, at, actions, from136, name, emit);
      const exitCodes = get(rule, 'exitCodes');
      if (exitCodes && !isNull(exitCodes) && !isMap(exitCodes)) {
        typeError(rangeOf(exitCodes), 'exitCodes', at('exitCodes'), 'map');
        return;
      }
      if (!exitCodes || isNull(exitCodes)) {
        emit({
          range: keyRange(rule, 'action') ?? firstKey(rule),
          message: t('A restart rule of "{0}" has no exitCodes', name),
          detail: t(
            "The API server rejects this Pod: `{0}: Required value: must be specified`. Each rule says which exit codes it matches: `exitCodes` with `operator: In` (or `NotIn`) and `values: [42]`. The KEP's draft `when:` wrapper is not the API shape.",
            at('exitCodes'),
          ),
          data: { problem: 'no-exit-codes' },
        });
        return;
      }
      const ec = asMap(exitCodes);
      if (!ec) return;
      const opValue = get(ec, 'operator');
      const opNode = asScalar(opValue);
      const op = scalarText(opNode);
      if (opValue !== undefined && opValue !== null && !isNull(opValue) && !isStringScalar(opValue)) {
        typeError(rangeOf(opValue), 'exitCodes.operator', at('exitCodes', 'operator'), 'string');
      } else if (!op?.includes('{{') && op !== 'In' && op !== 'NotIn') {
        const caseFix = ['In', 'NotIn'].find((v) => op !== null && v.toLowerCase() === op.trim().toLowerCase()) ?? null;
        emit({
          range: opNode ? rangeOf(opNode) : keyRange(rule, 'exitCodes'),
          message:
            op === null
              ? t('A restart rule of "{0}" has no exitCodes.operator', name)
              : t('Unknown exitCodes.operator "{0}" on "{1}": use In or NotIn', op, name),
          detail: t(
            'The API server rejects this Pod: `{0}: Unsupported value: "{1}": supported values: "In", "NotIn"`.{2}',
            at('exitCodes', 'operator'),
            op ?? '',
            caseFix ? ' ' + t('Values are case-sensitive: write `{0}`.', caseFix) : '',
          ),
          data: { problem: 'operator', suggestion: caseFix },
        });
      }
      const values = get(ec, 'values');
      if (values && !isNull(values) && (!isSeq(values) || !values.items.every((v) => isInt32(v) || isTemplated(v)))) {
        typeError(rangeOf(values), 'exitCodes.values', at('exitCodes', 'values'), 'int-list');
        return;
      }
      if (values && isSeq(values) && values.items.length > MAX_EXIT_CODES) {
        const n = values.items.length;
        emit({
          range: keyRange(ec, 'values'),
          message: t('{0} exit codes in a restart rule of "{1}": the API server accepts at most 255', n, name),
          detail: from136
            ? t(
                'The API server rejects this Pod: `{0}: Too many: {1}: must have at most 255 items`. Use `NotIn` with the codes that must not restart it, or split the list over several rules.',
                at('exitCodes', 'values'),
                n,
              )
            : t(
                'The API server rejects this Pod: `{0}: Too long: may not be more than 255 bytes` (Kubernetes 1.35 words the limit in bytes; it counts values). Use `NotIn` with the codes that must not restart it, or split the list over several rules.',
                at('exitCodes', 'values'),
              ),
          data: { problem: 'too-many-exit-codes' },
        });
      }
    });
  },
});

function checkAction(
  rule: YAMLMap,
  at: (...f: string[]) => string,
  actions: readonly string[],
  from136: boolean,
  name: string,
  emit: (r: RuleReport<RestartRulesInvalidData>) => void,
): void {
  const node = asScalar(get(rule, 'action'));
  const action = scalarText(node);
  if (action !== null && (action.includes('{{') || actions.includes(action))) return;
  const supported = quoteList(actions);
  const error = t('The API server rejects this Pod: `{0}: Unsupported value: "{1}": supported values: {2}`.', at('action'), action ?? '', supported);
  if (action === 'RestartAllContainers' && !from136) {
    emit({
      range: rangeOf(node),
      message: t('Kubernetes 1.35 rejects action RestartAllContainers on "{0}" (accepted from 1.36)', name),
      detail:
        error +
        ' ' +
        t(
          'The action (KEP-5532, gate RestartAllContainersOnContainerExits) is alpha and off in 1.35, and the 1.35 API server rejects it rather than dropping it; from 1.36 it is beta and on. Use `Restart`, or target 1.36.',
        ),
      data: { problem: 'restart-all-before-136' },
    });
    return;
  }
  const caseFix =
    ['Restart', 'RestartAllContainers'].find((v) => action !== null && v.toLowerCase() === action.trim().toLowerCase() && actions.includes(v)) ?? null;
  emit({
    range: node ? rangeOf(node) : isMap(rule) ? firstKey(rule) : null,
    message: action === null ? t('A restart rule of "{0}" has no action', name) : t('Unknown restart rule action "{0}" on "{1}"', action, name),
    detail:
      error +
      ' ' +
      (caseFix
        ? t('Values are case-sensitive: write `{0}`.', caseFix)
        : t(
            '`Restart` restarts this container in place{0}.',
            from136 ? t('; `RestartAllContainers` restarts the whole Pod in place, init containers included') : '',
          )),
    data: { problem: 'action', suggestion: caseFix },
  });
}
