/**
 * Durations in words, once for every feature: the timeline's bars, the container hover's lifetime
 * line and the summary all say a length, and why it is open, with these functions — so they say
 * the same thing.
 */
import { t } from '../i18n';
import type { Lifetime, OpenStep } from './lifetime';

export interface Duration {
  /** Lower bound in seconds. */
  min: number;
  /** Upper bound in seconds; null when the YAML does not bound it. */
  max: number | null;
  /** Runs forever (`sleep infinity`, `tail -f`, a server): it never ends by itself. */
  never: boolean;
  /** Human text: `5 s`, `≤ 60 s`, `unknown length`, `never ends`. */
  text: string;
  /** What the number comes from (`sleep 5`, `30 × sleep 2`, `startupProbe 0 s + 1 s × 30`), or why it is open. */
  basis: string | null;
}

export function formatSeconds(s: number): string {
  if (s < 120 || (s % 60 !== 0 && s < 600)) {
    return t('{0} s', Number.isInteger(s) ? s : Math.round(s * 10) / 10);
  }
  if (s < 7200) {
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return r ? t('{0} min {1} s', m, r) : t('{0} min', m);
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s - h * 3600) / 60);
  return m ? t('{0} h {1} min', h, m) : t('{0} h', h);
}

/** A range in words: `5 s`, `≤ 1 min`, `5 s – 1 min`, `≥ 5 s, unknown length`, `never ends`. */
export function duration(min: number, max: number | null, basis: string | null = null, never = false): Duration {
  let text: string;
  if (never) text = t('never ends');
  else if (max === null) text = min > 0 ? t('≥ {0}, unknown length', formatSeconds(min)) : t('unknown length');
  else if (min === max) text = max === 0 ? t('at once') : formatSeconds(max);
  else if (min === 0) text = `≤ ${formatSeconds(max)}`;
  else text = `${formatSeconds(min)} – ${formatSeconds(max)}`;
  return { min, max: never ? null : max, never, text, basis };
}

/** Why a length is open, in words: `wget takes as long as its work`, `until nslookup db waits with no bound`. */
export function openStepText(step: OpenStep): string {
  switch (step.reason) {
    case 'work':
      return t('{0} takes as long as its work', step.what);
    case 'wait':
      return t('{0} waits with no bound', step.what);
    case 'variable':
      return t('{0}: the value is known only at run time', step.what);
    default:
      return t("the image's entrypoint ({0}) decides", step.what);
  }
}

/** The numbers' basis and, when the upper bound is open, what leaves it open. */
function withOpenStep(basis: string | null, step: OpenStep | null): string | null {
  if (!step) return basis;
  return basis ? `${basis}; ${openStepText(step)}` : openStepText(step);
}

/** A container's lifetime as a duration: what the timeline's bar and the container hover both say. */
export function lifetimeDuration(l: Lifetime): Duration {
  switch (l.kind) {
    case 'runs-until-stopped':
      return duration(l.min, null, l.blocker?.what ?? l.basis, true);
    case 'exits':
    case 'bounded':
      return duration(l.min, l.max, l.max === null ? withOpenStep(l.basis, l.openStep) : l.basis);
    default:
      switch (l.unknownBecause) {
        case 'templated':
          return duration(l.min, null, t('templated command'));
        case 'entrypoint':
          return duration(l.min, null, t("the image's entrypoint"));
        case 'unreadable':
          return duration(l.min, null, t('the script could not be read'));
        case 'config':
          return duration(l.min, null, t('{0}: its configuration decides whether it exits', l.basis ?? '?'));
        default:
          return duration(l.min, null, withOpenStep(l.basis, l.openStep));
      }
  }
}

/**
 * The container hover's lifetime line, in the same words as the timeline's bar: its length text and
 * its basis (what the number comes from, or why it is open), verbatim. `inline` formats the basis
 * for where the line goes (a Markdown code span in a hover).
 */
export function lifetimeSentence(l: Lifetime, inline: (s: string) => string = (s) => s): string {
  const d = lifetimeDuration(l);
  const basis = d.basis ? inline(d.basis) : null;
  if (l.kind === 'runs-until-stopped')
    return basis ? t('Lifetime: {0}, it runs until it is stopped ({1})', d.text, basis) : t('Lifetime: {0}, it runs until it is stopped', d.text);
  if (l.kind === 'bounded' && d.max !== null)
    return basis ? t('Lifetime: a bounded wait, {0} ({1})', d.text, basis) : t('Lifetime: a bounded wait, {0}', d.text);
  if (l.kind === 'exits' && d.max !== null) return basis ? t('Lifetime: exits, {0} ({1})', d.text, basis) : t('Lifetime: exits, {0}', d.text);
  return basis ? t('Lifetime: {0} ({1})', d.text, basis) : t('Lifetime: {0}', d.text);
}
