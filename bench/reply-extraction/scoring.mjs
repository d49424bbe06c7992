// How an extracted reply is scored against a corpus expectation, shared by the benchmark and the
// corpus spec so the two can never disagree. Strict: equal after trimming and collapsing white
// space. Loose: token-overlap F1 of at least LOOSE_F1. On both sides a trailing "Sent from my …"
// line is ignored (keeping it is a policy choice), as the independent evaluations do.

export const LOOSE_F1 = 0.9;

export function normalizeWhitespace(text) {
  return text.trim().replace(/\s+/g, ' ');
}

const SENT_FROM_MY = /^\s*sent from my\b/i;

/** The text without a last non-blank line that starts with "Sent from my". */
export function withoutTrailingSentFrom(text) {
  const lines = text.trimEnd().split('\n');
  if (lines.length > 0 && SENT_FROM_MY.test(lines[lines.length - 1])) lines.pop();
  return lines.join('\n');
}

function tokens(text) {
  const normalized = normalizeWhitespace(withoutTrailingSentFrom(text)).toLowerCase();
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
  return (
    normalizeWhitespace(withoutTrailingSentFrom(actual)) ===
    normalizeWhitespace(withoutTrailingSentFrom(expected))
  );
}

export function isLoosePass(actual, expected) {
  return tokenF1(actual, expected) >= LOOSE_F1;
}
