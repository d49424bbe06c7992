// How an extracted reply is scored against a corpus expectation, shared by the benchmark and the
// corpus spec so the two can never disagree. Strict: equal after trimming and collapsing white
// space. Loose: token-overlap F1 of at least LOOSE_F1.

export const LOOSE_F1 = 0.9;

export function normalizeWhitespace(text) {
  return text.trim().replace(/\s+/g, ' ');
}

function tokens(text) {
  const normalized = normalizeWhitespace(text).toLowerCase();
  return normalized === '' ? [] : normalized.split(' ');
}

export function tokenF1(actual, expected) {
  const actualTokens = tokens(actual);
  const expectedTokens = tokens(expected);
  if (actualTokens.length === 0 && expectedTokens.length === 0) return 1;
  if (actualTokens.length === 0 || expectedTokens.length === 0) return 0;
  const remaining = new Map();
  for (const token of expectedTokens) remaining.set(token, (remaining.get(token) ?? 0) + 1);
  let overlap = 0;
  for (const token of actualTokens) {
    const count = remaining.get(token) ?? 0;
    if (count > 0) {
      overlap++;
      remaining.set(token, count - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / actualTokens.length;
  const recall = overlap / expectedTokens.length;
  return (2 * precision * recall) / (precision + recall);
}

export function isStrictPass(actual, expected) {
  return normalizeWhitespace(actual) === normalizeWhitespace(expected);
}

export function isLoosePass(actual, expected) {
  return tokenF1(actual, expected) >= LOOSE_F1;
}
