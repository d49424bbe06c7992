import type { ChildNode, Element } from 'domhandler';
import { ElementType, parseDocument } from 'htmlparser2';

import { boundHtmlStructure } from './html-bounds.js';

/**
 * HTML mail as lines of plain text, read from a DOM (htmlparser2 + domhandler), with what the
 * quote decision needs kept beside each line: how deep it sits in blockquotes, and where the
 * containers mail clients put quoted history in start and end (html-quote-containers.ts decides
 * which of them really hold history).
 *
 * Text: paragraphs, headings and lists are separated by a blank line, <div>, table rows and <br>
 * end a line, list items get " * " or " 1. ", cells in a row are joined with a space, links
 * become "text <url>" when the URL is not the text, images their [alt] text (tracking pixels
 * none), <hr> a rule line, and <pre> keeps its line breaks. Scripts, styles, the head and hidden
 * elements are left out. The walk uses its own stack, the input is cut at 1 MiB and its
 * structure bounded first (html-bounds.ts), so the time stays linear in the input.
 */

export type ContainerKind =
  /** Holds quoted history itself (Yahoo, GMX, Spark, ProtonMail, Zimbra, Lotus Notes). */
  | 'element'
  /** Starts history that runs to the end of the message (Outlook, OWA, Exchange, Zimbra). */
  | 'rest'
  /** Any other <hr>: starts history only when a header block follows it. */
  | 'rule';

export interface QuoteContainer {
  kind: ContainerKind;
  /** First line inside the container. */
  start: number;
  /** First line after it. */
  end: number;
  /** Blockquote nesting at its start. */
  depth: number;
}

export interface RenderedHtml {
  lines: string[];
  /** Blockquote nesting of each line. */
  depths: number[];
  containers: QuoteContainer[];
}

const MAX_HTML_LENGTH = 1024 * 1024;
const RULE_LINE = '-'.repeat(40);
/** The line put above a client's signature block, so the text rules remove it like `-- `. */
const SIGNATURE_DELIMITER = '-- ';

const SKIPPED = new Set([
  'head',
  'style',
  'script',
  'title',
  'template',
  'noscript',
  'xml',
  'object',
  'iframe',
  'svg',
  'select',
]);
const BLOCKS = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'center',
  'address',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'tr',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'caption',
]);
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export function renderHtml(html: string): RenderedHtml {
  const source = html.length > MAX_HTML_LENGTH ? html.slice(0, MAX_HTML_LENGTH) : html;
  const renderer = new Renderer();
  renderer.walk(parseDocument(boundHtmlStructure(source)).children);
  return renderer.finish();
}

interface Frame {
  node: ChildNode;
  exit: boolean;
}

interface ListState {
  ordered: boolean;
  next: number;
}

class Renderer {
  private readonly lines: string[] = [];
  private readonly depths: number[] = [];
  private readonly containers: QuoteContainer[] = [];
  private current = '';
  private currentDepth = 0;
  private quoteDepth = 0;
  private preformatted = 0;
  private readonly lists: ListState[] = [];
  /** Open containers, by the element that started them. */
  private readonly openContainers = new Map<Element, QuoteContainer>();
  /** Length of `current` when each open link started, to compare its text with its URL. */
  private readonly linkStarts = new Map<Element, number>();

  walk(roots: ChildNode[]): void {
    const stack: Frame[] = roots.map((node) => ({ node, exit: false })).reverse();
    for (let frame = stack.pop(); frame; frame = stack.pop()) {
      const { node } = frame;
      if (node.type === ElementType.Text) {
        this.text(node.data);
        continue;
      }
      if (
        node.type !== ElementType.Tag &&
        node.type !== ElementType.Script &&
        node.type !== ElementType.Style
      ) {
        continue;
      }
      const element = node;
      if (frame.exit) {
        this.exit(element);
        continue;
      }
      if (!this.enter(element)) continue;
      stack.push({ node, exit: true });
      const { children } = element;
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index];
        if (child) stack.push({ node: child, exit: false });
      }
    }
  }

  finish(): RenderedHtml {
    this.breakLine();
    for (const container of this.openContainers.values()) container.end = this.lines.length;
    return { lines: this.lines, depths: this.depths, containers: this.containers };
  }

  /** Starts an element; returns false when its content is left out. */
  private enter(element: Element): boolean {
    const name = element.name.toLowerCase();
    if (SKIPPED.has(name) || isHidden(element)) return false;
    const container = containerKindOf(name, element);
    if (container === 'signature') {
      this.breakLine();
      this.pushLine(SIGNATURE_DELIMITER);
    } else if (container) {
      this.breakLine();
      const started: QuoteContainer = {
        kind: container,
        start: this.lines.length,
        end: this.lines.length,
        depth: this.quoteDepth,
      };
      this.containers.push(started);
      if (name !== 'hr') this.openContainers.set(element, started);
    }
    switch (name) {
      case 'br':
        this.pushLine(this.current);
        this.current = '';
        return false;
      case 'hr':
        this.breakLine();
        this.pushLine(RULE_LINE);
        return false;
      case 'img':
        this.image(element);
        return false;
      case 'blockquote':
        this.blankLine();
        if (isQuoteBlockquote(element)) this.quoteDepth++;
        return true;
      case 'ul':
      case 'ol':
        this.blankLine();
        this.lists.push({ ordered: name === 'ol', next: 1 });
        return true;
      case 'li':
        this.listItem();
        return true;
      case 'pre':
        this.blankLine();
        this.preformatted++;
        return true;
      case 'a':
        this.linkStarts.set(element, this.current.length);
        return true;
      default:
        if (PARAGRAPHS.has(name)) this.blankLine();
        else if (BLOCKS.has(name)) this.breakLine();
        return true;
    }
  }

  private exit(element: Element): void {
    const name = element.name.toLowerCase();
    switch (name) {
      case 'blockquote':
        this.blankLine();
        if (isQuoteBlockquote(element)) this.quoteDepth--;
        break;
      case 'ul':
      case 'ol':
        this.lists.pop();
        this.blankLine();
        break;
      case 'pre':
        this.preformatted--;
        this.blankLine();
        break;
      case 'a':
        this.linkEnd(element);
        break;
      case 'td':
      case 'th':
        if (this.current !== '' && !this.current.endsWith(' ')) this.current += ' ';
        break;
      default:
        if (PARAGRAPHS.has(name)) this.blankLine();
        else if (BLOCKS.has(name) || name === 'li') this.breakLine();
    }
    const container = this.openContainers.get(element);
    if (container) {
      this.breakLine();
      container.end = this.lines.length;
      this.openContainers.delete(element);
    }
  }

  private text(data: string): void {
    if (this.preformatted > 0) {
      const parts = data.split(/\r?\n/);
      parts.forEach((part, index) => {
        if (index > 0) {
          this.pushLine(this.current);
          this.current = '';
        }
        this.append(part);
      });
      return;
    }
    let collapsed = data.replace(/[ \t\n\r\f]+/g, ' ');
    if ((this.current === '' || this.current.endsWith(' ')) && collapsed.startsWith(' ')) {
      collapsed = collapsed.slice(1);
    }
    if (collapsed !== '') this.append(collapsed);
  }

  private append(text: string): void {
    if (this.current === '') this.currentDepth = this.quoteDepth;
    this.current += text;
  }

  private pushLine(line: string): void {
    this.lines.push(line.trimEnd());
    this.depths.push(this.current === '' ? this.quoteDepth : this.currentDepth);
  }

  /** Ends the line being built, if any. */
  private breakLine(): void {
    if (this.current.trim() !== '') this.pushLine(this.current);
    this.current = '';
  }

  /** Ends the line being built and leaves one blank line (paragraph spacing). */
  private blankLine(): void {
    this.breakLine();
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.pushLine('');
  }

  private listItem(): void {
    this.breakLine();
    const list = this.lists[this.lists.length - 1];
    const indent = '  '.repeat(Math.max(0, this.lists.length - 1));
    if (!list) return;
    this.append(list.ordered ? `${indent} ${list.next++}. ` : `${indent} * `);
  }

  private image(element: Element): void {
    const attributes = element.attribs;
    if (isTrackingImage(attributes)) return;
    const alt = (attributes.alt ?? '').trim();
    if (alt === '') return;
    if (this.current !== '' && !this.current.endsWith(' ')) this.current += ' ';
    this.append(`[${alt}]`);
  }

  private linkEnd(element: Element): void {
    const started = this.linkStarts.get(element);
    this.linkStarts.delete(element);
    const href = (element.attribs.href ?? '').trim();
    if (started === undefined || !/^(?:https?|ftp):\/\//i.test(href)) return;
    const text = this.current.slice(started).trim();
    if (text === '' || text === href || text.includes(href) || href.includes(text)) return;
    this.current += ` <${href}>`;
  }
}

/** Mail tracking pixels are 1x1 (or 0x0) images, or images hidden with CSS. */
function isTrackingImage(attributes: Record<string, string | undefined>): boolean {
  const width = Number.parseInt(attributes.width ?? '', 10);
  const height = Number.parseInt(attributes.height ?? '', 10);
  if ((width >= 0 && width <= 2) || (height >= 0 && height <= 2)) return true;
  const style = compactStyle(attributes.style);
  return /(?:^|;)(?:width|height):[0-2]px/.test(style);
}

function compactStyle(style: string | undefined): string {
  return (style ?? '').toLowerCase().replace(/\s+/g, '');
}

function isHidden(element: Element): boolean {
  if (element.attribs.hidden !== undefined) return true;
  const style = compactStyle(element.attribs.style);
  return (
    style.includes('display:none') ||
    style.includes('visibility:hidden') ||
    style.includes('mso-hide:all')
  );
}

/**
 * A blockquote quotes, except the indentation Gmail and others make with one
 * (`margin:0 0 0 40px; border:none`): that is the person's own text, indented.
 */
function isQuoteBlockquote(element: Element): boolean {
  const { attribs } = element;
  if ((attribs.type ?? '').toLowerCase() === 'cite') return true;
  if (/quote/i.test(attribs.class ?? '')) return true;
  const style = compactStyle(attribs.style);
  return !(style.includes('border:none') && style.includes('margin'));
}

/**
 * Which containers clients put history in, by their markers. A marker only makes a candidate:
 * html-quote-containers.ts decides by content and position whether it holds history.
 */
function containerKindOf(name: string, element: Element): ContainerKind | 'signature' | undefined {
  const { attribs } = element;
  const id = (attribs.id ?? '').toLowerCase();
  const className = (attribs.class ?? '').toLowerCase();
  if (name === 'hr') {
    return id === 'zwchr' || id === 'stopspelling' ? 'rest' : 'rule';
  }
  if (
    /(?:^|_)divrplyfwdmsg$/.test(id) ||
    /^(?:x_)?divrpf\d/.test(id) ||
    id.endsWith('appendonsend') ||
    id.endsWith('mail-editor-reference-message-container') ||
    id.endsWith('olk_src_body_section') ||
    className.includes('outlookmessageheader') ||
    attribs['data-marker'] === '__DIVIDER__' ||
    attribs['data-marker'] === '__HEADERS__' ||
    isOutlookSeparator(attribs.style)
  ) {
    return 'rest';
  }
  if (
    className.includes('yahoo_quoted') ||
    id.includes('yahoo_quoted') ||
    className.includes('protonmail_quote') ||
    className.includes('zmail_extra') ||
    className.includes('domino-section') ||
    attribs['data-marker'] === '__QUOTED_TEXT__' ||
    // GMX and WEB.DE quote in <div name="quote">, Spark in <div name="messageReplySection">.
    (name === 'div' &&
      ['quote', 'messagereplysection'].includes((attribs.name ?? '').toLowerCase()))
  ) {
    return name === 'blockquote' ? undefined : 'element';
  }
  if (
    className.includes('gmail_signature') ||
    className.includes('moz-signature') ||
    attribs['data-smartmail'] === 'gmail_signature'
  ) {
    return 'signature';
  }
  return undefined;
}

/** Outlook draws a top border above the quoted message's header block. */
function isOutlookSeparator(style: string | undefined): boolean {
  const compact = compactStyle(style);
  return (
    compact.includes('border:none') && /border-top:(?:solid|[\d.]+(?:pt|px)solid)/.test(compact)
  );
}
