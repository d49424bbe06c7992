/**
 * Reply extraction: keeps only what the person wrote in a reply email (no I/O, never throws).
 *
 * `extractReply({ text, html })` takes mailparser's `text` and `html`; `extractReplyFromBody(body)`
 * takes a body of unknown type and detects HTML. The result's `rule` says which signal made the
 * cut and `removed` holds what was cut, for the admin view.
 *
 * Signature policy: client signatures ("Sent from my iPhone", "Get Outlook for Android" and their
 * translations) and `-- ` signature blocks are removed with everything below them; a sign-off the
 * person typed ("Thanks, Ana", "-Abhishek Kona") is kept. Details in text-reply-extractor.ts.
 */
export type { ExtractedReply, ExtractionRule, ReplyInput } from './extracted-reply.js';
export {
  detectBodyFormat,
  extractReply,
  extractReplyFromBody,
  type BodyFormat,
} from './reply-extractor.js';
export { PROMPT_LINE } from './prompt-line.js';
