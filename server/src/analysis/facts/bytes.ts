/** Offsets: mvdan-sh positions are UTF-8 byte offsets, the YAML's are UTF-16 indices. */

/** mvdan-sh positions are UTF-8 byte offsets; this maps them to UTF-16 indices of `src`. */
export function byteToIndex(src: string): (byte: number) => number {
  if (!/[\u0080-\uffff]/.test(src)) return (b) => b;
  const map: number[] = [];
  let idx = 0;
  for (const ch of src) {
    const cp = ch.codePointAt(0) ?? 0;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let b = 0; b < bytes; b++) map.push(idx);
    idx += ch.length;
  }
  map.push(idx);
  return (byte: number) => map[Math.max(0, Math.min(byte, map.length - 1))];
}
