// Reads MANIFEST.tsv: one row per case (id, split, kind, origin, license, expected, note), with
// \n, \t and \\ escaped in the expected column.
import { readFileSync } from 'node:fs';

const manifestFile = new URL('./MANIFEST.tsv', import.meta.url);

function unescape(value) {
  return value.replace(/\\([nt\\])/g, (_, code) =>
    code === 'n' ? '\n' : code === 't' ? '\t' : '\\',
  );
}

export function loadManifest() {
  const [, ...rows] = readFileSync(manifestFile, 'utf8').trimEnd().split('\n');
  return rows.map((row) => {
    const [id, split, kind, origin, license, expected, note] = row.split('\t');
    return { id, split, kind, origin, license, expected: unescape(expected ?? ''), note };
  });
}
