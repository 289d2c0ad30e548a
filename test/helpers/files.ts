/** Files the tests sweep: every YAML file below a folder, in a stable order. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every `*.yaml`/`*.yml` below `dir` (none when it does not exist), sorted by name at each level. */
export function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const root = path.resolve(__dirname, '..', '..');

/**
 * The YAML the sweeping tests read: every example, every fixture, and the real manifests of
 * ../shared/corpus beside the checkout (or INITLENS_CORPUS), in that order.
 */
export function sweptYamlFiles(): string[] {
  return [
    ...yamlFiles(path.join(root, 'examples')),
    ...yamlFiles(path.join(root, 'test', 'fixtures')),
    ...yamlFiles(process.env.INITLENS_CORPUS || path.join(root, '..', 'shared', 'corpus')),
  ];
}
