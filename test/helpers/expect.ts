/**
 * Expectation markers for rule fixtures. A comment line
 *     # expect: <rule-id> "<exact text>" [@N]
 * says that the fixture must produce a finding of that rule whose range is exactly the N-th
 * (default first) occurrence of the text in the file. Markers are ordinary YAML comments, so
 * fixtures stay valid manifests.
 */
export interface Expectation {
  rule: string;
  text: string;
  start: number;
  end: number;
  line: number;
}

const MARKER = /^\s*#\s*expect:\s*([a-z0-9-]+)\s+("(?:[^"\\]|\\.)*")\s*(?:@(\d+))?\s*$/;

export function readExpectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) {
      if (/#\s*expect:/.test(line)) throw new Error(`line ${i + 1}: malformed expect marker: ${line.trim()}`);
      return;
    }
    const needle = JSON.parse(m[2]) as string;
    const nth = m[3] ? Number(m[3]) : 1;
    let at = -1;
    for (let k = 0; k < nth; k++) {
      at = text.indexOf(needle, at + 1);
      // skip occurrences inside marker lines themselves
      while (at >= 0 && isInMarkerLine(text, at)) at = text.indexOf(needle, at + 1);
      if (at < 0) break;
    }
    if (at < 0) throw new Error(`line ${i + 1}: text ${m[2]} (occurrence ${nth}) not found in the fixture`);
    out.push({ rule: m[1], text: needle, start: at, end: at + needle.length, line: i + 1 });
  });
  return out;
}

function isInMarkerLine(text: string, offset: number): boolean {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  let le = text.indexOf('\n', offset);
  if (le < 0) le = text.length;
  return /^\s*#\s*expect:/.test(text.slice(ls, le));
}

/**
 * The target versions a fixture is checked at: `# kubernetesVersion: 1.34` (one), or a list
 * `# kubernetesVersion: 1.35, 1.36, 1.37` — the same verdict must hold at each. None: the default.
 */
export function fixtureVersions(text: string): Array<string | undefined> {
  const m = /^#\s*kubernetesVersion:\s*(.+)$/m.exec(text);
  if (!m) return [undefined];
  const list = m[1]!.split(/[\s,]+/).filter((v) => v.length > 0);
  for (const v of list) if (!/^\d+\.\d+$/.test(v)) throw new Error(`bad version "${v}" in "# kubernetesVersion:"`);
  return list;
}
