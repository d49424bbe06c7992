// Reads MANIFEST.tsv: one row per case (id, split, kind, origin, license, expected, note, sha256,
// round),
// with \n, \t and \\ escaped in the expected column. sha256 is set for files brought one by one
// (see materialise.mjs) so a copy fetched again can be checked; round says in which round a row
// was added (1: the first 108 rows, 2: the rows added for the HTML, non-English and charset kinds).
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
    const [id, split, kind, origin, license, expected, note, sha256, round] = row.split('\t');
    return {
      id,
      split,
      kind,
      origin,
      license,
      expected: unescape(expected ?? ''),
      note,
      sha256: sha256 || undefined,
      round: Number(round || 1),
    };
  });
}
