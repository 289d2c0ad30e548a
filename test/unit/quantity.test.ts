import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  addQuantities,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  type Quantity,
  quantityFromValue,
  quantityToNumber,
  subtractQuantities,
} from '../../server/src/analysis/quantity';

function q(s: string): Quantity {
  const v = parseQuantity(s);
  assert.ok(v, `${s} should parse`);
  return v;
}

describe('parseQuantity', () => {
  test('values of every suffix kind', () => {
    const cases: Array<[string, number]> = [
      ['100m', 0.1],
      ['1.5', 1.5],
      ['512Mi', 512 * 2 ** 20],
      ['1G', 1e9],
      ['2e3', 2000],
      ['1Ki', 1024],
      ['1k', 1000],
      ['.5', 0.5],
      ['1E', 1e18],
      ['1e-3', 0.001],
      ['250u', 0.00025],
      ['3n', 3e-9],
      ['0', 0],
      ['-1', -1],
      ['+2', 2],
      ['1.5Gi', 1.5 * 2 ** 30],
    ];
    for (const [s, v] of cases) assert.equal(quantityToNumber(q(s)), v, s);
  });

  test('rejects what apimachinery rejects', () => {
    for (const s of ['', 'abc', '1K', '1e', '1Mi3', 'm', '1 Gi', '1.2.3', '1b', '--1', '0x10']) {
      assert.equal(parseQuantity(s), null, JSON.stringify(s));
    }
  });

  test('rounds up to nano precision', () => {
    assert.equal(formatQuantity(q('0.0000000001')), '1n');
    assert.equal(formatQuantity(q('1.0000000001')), '1000000001n');
  });
});

describe('formatQuantity (Quantity.String)', () => {
  test('canonical forms', () => {
    const cases: Array<[string, string]> = [
      ['100m', '100m'],
      ['1.5', '1500m'],
      ['0.5', '500m'],
      ['1000', '1k'],
      ['2000m', '2'],
      ['1024Mi', '1Gi'],
      ['1536Mi', '1536Mi'],
      ['1.5Gi', '1536Mi'],
      ['0.5Ki', '512'],
      ['2048', '2048'],
      ['1.0', '1'],
      ['2e3', '2e3'],
      ['1e3', '1e3'],
      ['0', '0'],
      ['12Mi', '12Mi'],
      ['8Ki', '8Ki'],
      ['1G', '1G'],
    ];
    for (const [s, want] of cases) assert.equal(formatQuantity(q(s)), want, s);
  });

  test('keeps the text as written where apimachinery does', () => {
    assert.equal(formatQuantity(q('+1')), '+1');
    assert.equal(formatQuantity(q('0100m')), '0100m');
  });
});

describe('arithmetic', () => {
  test('compares across suffixes', () => {
    assert.equal(compareQuantities(q('1'), q('1000m')), 0);
    assert.equal(compareQuantities(q('1Gi'), q('1G')), 1);
    assert.equal(compareQuantities(q('1500m'), q('2')), -1);
    assert.equal(compareQuantities(q('1Ki'), q('1024')), 0);
    assert.equal(compareQuantities(q('2e3'), q('2k')), 0);
  });

  test('adds and subtracts exactly', () => {
    assert.equal(formatQuantity(addQuantities(q('100m'), q('1.9'))), '2');
    assert.equal(formatQuantity(addQuantities(q('512Mi'), q('512Mi'))), '1Gi');
    assert.equal(formatQuantity(addQuantities(q('0'), q('64Mi'))), '64Mi');
    assert.equal(formatQuantity(subtractQuantities(q('2'), q('650m'))), '1350m');
  });

  test('YAML numbers arrive as kubectl sends them', () => {
    assert.equal(formatQuantity(quantityFromValue(2.5)!), '2500m');
    assert.equal(formatQuantity(quantityFromValue(2000)!), '2k');
    assert.equal(formatQuantity(quantityFromValue('2000')!), '2k');
    assert.equal(quantityFromValue(null), null);
    assert.equal(quantityFromValue({}), null);
  });
});

test('compareQuantities decides close and far values across scales exactly (the double fast path only when certain)', () => {
  const exact = (a: string, b: string): number => {
    const qa = parseQuantity(a)!;
    const qb = parseQuantity(b)!;
    const s = Math.min(qa.scale, qb.scale);
    const x = qa.n * 10n ** BigInt(qa.scale - s);
    const y = qb.n * 10n ** BigInt(qb.scale - s);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const texts = [
    '1',
    '1000m',
    '999m',
    '1001m',
    '1.000000001',
    '999999999n',
    '1000000001n',
    '0',
    '-1',
    '-1000m',
    '2e3',
    '2k',
    '2001',
    '1Ki',
    '1024',
    '1025',
    '1E',
    '1000P',
    '1000000000000000001',
    '1e18',
    '9007199254740993',
    '9007199254740992',
    '0.1',
    '100m',
    '1e-9',
    '1n',
    '2n',
  ];
  for (const a of texts) for (const b of texts) assert.equal(compareQuantities(parseQuantity(a)!, parseQuantity(b)!), exact(a, b), `${a} vs ${b}`);
});
