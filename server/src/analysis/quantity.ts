/**
 * Kubernetes resource quantities (`100m`, `1.5`, `512Mi`, `1G`, `2e3`, `1Ki`) parsed exactly as
 * apimachinery's `resource.ParseQuantity` does, compared and added without rounding, and printed
 * in the canonical form `Quantity.String()` gives — which is what API error messages quote
 * (`1.5` prints as `1500m`, `1024Mi` as `1Gi`, `1000` as `1k`).
 */
import { memoByText } from './memo';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact value `n × 10^scale`, with the format its suffix implied. */
export interface Quantity {
  readonly n: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** The text as written, when apimachinery keeps it as the printed form (already canonical). */
  readonly cached?: string;
}

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([k, v]) => [v, k]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([k, v]) => [v, k]));

const NANO = -9;
const MAX_INT64_FACTORS = 18;
// Each part starts with a character the one before cannot end with (no digit can go to two groups),
// so a failed match costs one pass: the old form `(0*)([0-9]*)…([+-]?[0-9]*)` was cubic on `000…0x`.
const QUANTITY = /^([+-]?)(0*)((?:[1-9][0-9]*)?)(?:\.([0-9]*))?((?:[eEinumkKMGTP]+[+-]?[0-9]*)?)$/;

/**
 * Quantities by text: a manifest repeats a few values (`100m`, `128Mi`) in every container, and the
 * parse (a regex and BigInt arithmetic) costs more than the lookup. Quantities are immutable, so
 * they are shared.
 */
const quantityOf = memoByText(readQuantity);

/** Parses a quantity; null when apimachinery would reject the text. */
export function parseQuantity(input: string): Quantity | null {
  if (typeof input !== 'string' || input.length === 0) return null;
  return quantityOf(input);
}

function readQuantity(input: string): Quantity | null {
  const m = QUANTITY.exec(input);
  if (!m) return null;
  const [, sign, zeros, numDigits, denomDigits, suffixText] = m;
  const denom = denomDigits ?? '';
  if (zeros.length + numDigits.length + denom.length === 0) return null; // no digit at all
  const negative = sign === '-';
  const num = numDigits.length > 0 ? numDigits : '0';
  const suffix = suffixText;

  // interpret the suffix
  let base: 2 | 10;
  let exponent: number;
  let format: QuantityFormat;
  if (suffix in DECIMAL_SUFFIXES) {
    base = 10;
    exponent = DECIMAL_SUFFIXES[suffix];
    format = 'DecimalSI';
  } else if (suffix in BINARY_SUFFIXES) {
    base = 2;
    exponent = BINARY_SUFFIXES[suffix];
    format = 'BinarySI';
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    base = 10;
    exponent = Number(suffix.slice(1));
    format = 'DecimalExponent';
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) return null;
  } else {
    return null;
  }

  // the value without rounding: digits × 10^-len(denom) × (10^exp | 2^exp)
  let n = BigInt((num === '0' ? '' : num) + denom || '0');
  let scale = -denom.length;
  if (base === 10) scale += exponent;
  else n *= 1n << BigInt(exponent);
  if (negative) n = -n;

  // apimachinery keeps the written text when it is already canonical (fast path only)
  let cached: string | undefined;
  const shifted = num + denom;
  if (base === 10) {
    const precision = MAX_INT64_FACTORS - (num.length + denom.length);
    const s = exponent - denom.length;
    if (precision >= 0 && s >= NANO && s % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') {
      cached = input;
    }
  } else if (denom.length === 0) {
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    const v = BigInt(num);
    if (precision >= 0 && exponent % 10 === 0 && (v & 7n) !== 0n) cached = input;
  }

  // round away from zero to nano precision (non-zero values never become 0)
  if (scale < NANO) {
    const div = 10n ** BigInt(NANO - scale);
    const abs = n < 0n ? -n : n;
    let q = abs / div;
    if (q * div !== abs) q += 1n;
    n = n < 0n ? -q : q;
    scale = NANO;
    cached = undefined;
  }
  if (format === 'BinarySI' && cached === undefined && n > 0n && compare({ n, scale, format }, ONE) < 0) format = 'DecimalSI';
  return { n, scale, format, cached };
}

const ONE: Quantity = { n: 1n, scale: 0, format: 'DecimalSI' };
export const ZERO: Quantity = { n: 0n, scale: 0, format: 'DecimalSI' };

function align(a: Quantity, b: Quantity): [bigint, bigint] {
  if (a.scale === b.scale) return [a.n, b.n];
  if (a.scale > b.scale) return [a.n * 10n ** BigInt(a.scale - b.scale), b.n];
  return [a.n, b.n * 10n ** BigInt(b.scale - a.scale)];
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return compare(a, b);
}

function compare(a: Quantity, b: Quantity): -1 | 0 | 1 {
  if (a.scale !== b.scale) {
    // `100m` against `1`: in doubles first (aligning takes a BigInt power and product); they decide
    // when they lie far apart compared with their rounding (below 1e-15 relative), else the exact way
    const an = Number(a.n);
    const bn = Number(b.n);
    const av = an * 10 ** a.scale;
    const bv = bn * 10 ** b.scale;
    if (Number.isFinite(av) && Number.isFinite(bv) && (av === 0) === (an === 0) && (bv === 0) === (bn === 0)) {
      if (Math.abs(av - bv) > Math.max(Math.abs(av), Math.abs(bv)) * 1e-9) return av < bv ? -1 : 1;
    }
  }
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** a + b, in a's format (b's when a is zero), as `Quantity.Add` does. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  const [x, y] = align(a, b);
  return { n: x + y, scale: Math.min(a.scale, b.scale), format: a.n === 0n ? b.format : a.format };
}

/** The larger of the two (a on a tie). */
export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return compare(b, a) > 0 ? b : a;
}

/** The value as a JavaScript number (approximate for huge values). */
export function quantityToNumber(q: Quantity): number {
  return q.scale >= 0 ? Number(q.n) * 10 ** q.scale : Number(q.n) / 10 ** -q.scale;
}

/** True when `q` is zero. */
export function isZeroQuantity(q: Quantity): boolean {
  return q.n === 0n;
}

function removeFactors(v: bigint, f: bigint): [bigint, number] {
  let times = 0;
  while (v !== 0n && v % f === 0n) {
    v /= f;
    times++;
  }
  return [v, times];
}

/** The canonical text apimachinery prints (`Quantity.String()`). */
export function formatQuantity(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.n === 0n) return '0';
  let format = q.format;
  let integer: bigint | null = null;
  if (format === 'BinarySI') {
    if (compare(q, { n: -1024n, scale: 0, format }) > 0 && compare(q, { n: 1024n, scale: 0, format }) < 0) {
      format = 'DecimalSI';
    } else {
      integer = exactInteger(q);
      if (integer === null) format = 'DecimalSI';
    }
  }
  if (format === 'BinarySI' && integer !== null) {
    const [amount, times] = removeFactors(integer, 1024n);
    const suffix = times === 0 ? '' : BINARY_BY_EXPONENT.get(times * 10);
    return suffix === undefined ? `${amount}*2^${times * 10}` : `${amount}${suffix}`;
  }
  let [amount, times] = removeFactors(q.n, 10n);
  let exponent = q.scale + times;
  while (((exponent % 3) + 3) % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = DECIMAL_BY_EXPONENT.get(exponent);
  // apimachinery has no SI suffix beyond E; it prints the bare number then (not reachable for real resources)
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

function exactInteger(q: Quantity): bigint | null {
  if (q.scale >= 0) return q.n * 10n ** BigInt(q.scale);
  const div = 10n ** BigInt(-q.scale);
  return q.n % div === 0n ? q.n / div : null;
}

/**
 * A quantity from a YAML scalar value: strings as written; numbers the way kubectl sends them
 * (as a JSON number, so `2e3` arrives as `2000`).
 */
export function quantityFromValue(value: unknown): Quantity | null {
  if (typeof value === 'string') return parseQuantity(value);
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    return parseQuantity(text.replace(/e\+/, 'e'));
  }
  if (typeof value === 'bigint') return parseQuantity(value.toString());
  return null;
}

/** a − b, in a's format. */
export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  const [x, y] = align(a, b);
  return { n: x - y, scale: Math.min(a.scale, b.scale), format: a.format };
}
