/**
 * Which signal decided where the person's new text ends. The admin view shows it next to the
 * removed part so a wrong cut can be traced to the rule that made it.
 */
export type ExtractionRule =
  | 'prompt-line'
  | 'attribution'
  | 'quote-block'
  | 'outlook-header'
  | 'html-quote'
  | 'signature'
  | 'none';

export interface ExtractedReply {
  /** The new text the person wrote, plain text, trimmed. */
  text: string;
  /** Everything that was cut away (quoted history, headers, signatures), as plain text. */
  removed: string;
  rule: ExtractionRule;
}

/** The two bodies mailparser gives for a message; either may be missing. */
export interface ReplyInput {
  text?: string | null;
  html?: string | null;
}
