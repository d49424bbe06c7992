import { MAX_MARKER_LINE_LENGTH, trimDecoration } from './text-scan.js';

/**
 * Recognisers for the lines mail clients put above quoted history: attribution lines
 * ("On <date>, <name> wrote:" in many languages), Outlook-style header blocks and
 * "Original message" markers.
 *
 * Every pattern runs on a single short candidate (at most MAX_MARKER_LINE_LENGTH characters,
 * possibly joined from two or three wrapped lines), is anchored, and uses only bounded or
 * non-overlapping repetition, so no input can make matching slow. Longer than ~400 lines because
 * it is mostly data: the wordings of many clients in many languages, each pattern beside its
 * examples.
 */

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "wrote" as clients write it at the end of an attribution, per language. Alphabetic scripts
 * need a word boundary before the verb; CJK ones are written without spaces.
 */
const WROTE_VERBS_ALPHABETIC = [
  // English
  'wrote',
  'writes',
  // German
  'schrieb',
  'geschrieben',
  'schrieben sie',
  // French
  'a écrit',
  'a ecrit',
  'écrit',
  'nous a dit',
  // Spanish
  'escribió',
  'escribio',
  // Italian
  'ha scritto',
  'scritto',
  // Portuguese
  'escreveu',
  // Dutch
  'schreef',
  'het volgende geschreven',
  // Swedish, Norwegian, Danish
  'skrev',
  'skriver',
  // Finnish
  'kirjoitti',
  // Polish
  'napisał(a)',
  'napisał',
  'napisała',
  'napisal',
  'pisze',
  // Czech, Slovak
  'napsal(a)',
  'napsal',
  'napsala',
  'napísal',
  'napísal(a)',
  // Russian
  'написал(а)',
  'написал',
  'написала',
  'пишет',
  // Ukrainian
  'написав(ла)',
  'написав',
  'написала',
  'пише',
  // Vietnamese, Indonesian, Romanian
  'đã viết',
  'viết',
  'menulis',
  // Hungarian, Turkish, Romanian, Greek, Hebrew, Arabic
  'írta',
  'yazdı',
  'a scris',
  'έγραψε',
  'כתב',
  'כתבה',
  'كتب',
];

const WROTE_VERBS_CJK = [
  // Chinese (simplified, traditional)
  '写道',
  '寫道',
  // Japanese (Gmail/Thunderbird, Apple Mail, Outlook)
  '書きました',
  'のメール',
  '書き込みました',
  // Korean (Gmail "님이 작성", Apple Mail "작성", Naver "씀")
  '작성',
  '씀',
  '쓴 글',
];

const WROTE_AT_END = new RegExp(
  `(?:^|[^\\p{L}])(?:${WROTE_VERBS_ALPHABETIC.map(escapeRegExp).join('|')})$|(?:${WROTE_VERBS_CJK.join('|')})$`,
  'iu',
);

/** "<name> <email> schrieb am <date>:" puts the verb before the date. */
const WROTE_IN_MIDDLE =
  /(?:^|\s|،)(?:wrote|schrieb|schreef|skrev|escribió|escreveu|a écrit|ha scritto|napisał|kirjoitti|napsal|написал|пише|đã viết|كتب|כתב|כתבה|έγραψε)(?:\s|$)/iu;

/** The word a client starts an attribution with, per language ("On", "Am", "Le", "El", ...). */
const ATTRIBUTION_PREFIX =
  /^(?:on|at|am|le|el|il|il giorno|in data|em|op|den|dne|dňa|dnia|w dniu|vào|ngày|op de|in message|في|בתאריך|στις|în|pe|pada|tanggal)\s|^(?:在|於|于)/iu;

/** A date-led first line: "2016-10-24 ...", "pe 20. lokakuuta", "tir. 18. apr.", "ср, 30 апр.". */
const DATE_LED_START = /^(?:\d|\p{L}{1,12}\.?,?\s{1,3}\d)/u;

/** An address in angle brackets or parentheses, as clients print the quoted sender. */
const BRACKETED_EMAIL = /[<(]\s?(?:mailto:)?[^\s<>()@]{1,64}@[^\s<>()@]{1,255}\s?[>)]/u;

/** Old Gmail: "2013/7/20 sam via Discourse Meta <info@discourse.org>", colon optional. */
const GMAIL_SLASH_DATE_ATTRIBUTION =
  /^\d{4}\/\d{1,2}\/\d{1,2}\s.{0,200}[<(][^\s<>()]{1,255}@[^\s<>()]{1,255}[>)]:?$/u;

/** Old Gmail without an address: "2016-03-03 17:21 GMT+01:00 Some One". */
const GMAIL_ISO_DATE_ATTRIBUTION =
  /^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2} GMT[+-]\d{1,2}:\d{2} [^<>@:]{1,80}$/u;

const HAS_DIGIT = /\d/;

/**
 * Every attribution has a digit, an address or a colon (even "---- On ... wrote ----" has the
 * date); most lines of text have none, and skip the patterns below.
 */
const MAY_BE_ATTRIBUTION = /[\d@:：]|^\s*-{2,}.*-{2,}\s*$/;

/** "---- text ----": at least two dashes on both sides of the text. */
function isFramedByRules(line: string): boolean {
  const trimmed = line.trim();
  return /^-{2,}[^-]/.test(trimmed) && /[^-]-{2,}$/.test(trimmed);
}

/**
 * How sure a candidate is an attribution line:
 * - 'strong': a date, an address or a mailing-list "via" names the quoted message; cut here.
 * - 'weak': only "<name> wrote:" or "On ... wrote:"; trusted only when a `>` quote follows.
 */
export type AttributionStrength = 'strong' | 'weak';

export function classifyAttribution(candidate: string): AttributionStrength | undefined {
  if (candidate.length > MAX_MARKER_LINE_LENGTH || !MAY_BE_ATTRIBUTION.test(candidate)) {
    return undefined;
  }
  // A trailing '>' closes "<address>", so only leading '>' quote markers are decoration.
  const line = trimDecoration(candidate, '>*_-–—=~#|', '*_-–—=~#|');
  if (line.length < 6) return undefined;

  const core = trimDecoration(line, ':：');
  const endsWithColon = core.length < line.length;
  const hasDigit = HAS_DIGIT.test(line);
  const hasAddress = line.includes('@');

  if (WROTE_AT_END.test(core)) {
    if (hasDigit || hasAddress || / via /i.test(core)) return 'strong';
    // Android mail frames the attribution in rules: "---- Jane Doe wrote ----".
    if (isFramedByRules(candidate) && wordCount(core) <= 8) return 'strong';
    if (endsWithColon && (ATTRIBUTION_PREFIX.test(core) || wordCount(core) <= 7)) return 'weak';
    return undefined;
  }
  if (!hasDigit) return undefined;
  if (endsWithColon && (WROTE_IN_MIDDLE.test(core) || BRACKETED_EMAIL.test(core))) return 'strong';
  if (GMAIL_SLASH_DATE_ATTRIBUTION.test(line) || GMAIL_ISO_DATE_ATTRIBUTION.test(line)) {
    return 'strong';
  }
  return undefined;
}

function wordCount(value: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < value.length; index++) {
    const isSpace = value.charCodeAt(index) <= 0x20;
    if (!isSpace && !inWord) words++;
    inWord = !isSpace;
  }
  return words;
}

/**
 * Whether a line may be the first of an attribution that a client wrapped over several lines.
 * Guards against gluing the person's last sentence to the attribution below it.
 */
export function looksLikeAttributionStart(line: string): boolean {
  const trimmed = trimDecoration(line, '>*_-–—');
  return ATTRIBUTION_PREFIX.test(trimmed) || DATE_LED_START.test(trimmed) || trimmed.includes('@');
}

export function startsWithAttributionPrefix(line: string): boolean {
  return ATTRIBUTION_PREFIX.test(trimDecoration(line, '>*_-–—'));
}

export type HeaderField = 'from' | 'to' | 'cc' | 'date' | 'subject' | 'reply-to';

/** Header labels of quoted-message blocks (Outlook, Exchange, webmails), per field and language. */
const HEADER_LABELS: Record<HeaderField, readonly string[]> = {
  from: [
    'from',
    'von',
    'de',
    'van',
    'da',
    'fra',
    'från',
    'od',
    'от',
    'від',
    'lähettäjä',
    '差出人',
    '送信者',
    '发件人',
    '寄件者',
    '寄件人',
    '보낸 사람',
    'từ',
    'feladó',
    'kimden',
    'expéditeur',
    'remitente',
    'afzender',
    'avsändare',
    'nadawca',
    'odesílatel',
    'отправитель',
    'відправник',
    'من',
    'المرسل',
    'מאת',
    'από',
    'de la',
    'šalje',
    'pošiljatelj',
    'dari',
    'จาก',
    'odosielateľ',
  ],
  date: [
    'sent',
    'date',
    'sent at',
    'gesendet',
    'datum',
    'envoyé',
    'envoyé le',
    'envoye',
    'enviado',
    'enviado el',
    'enviado em',
    'enviada em',
    'fecha',
    'data',
    'inviato',
    'inviato il',
    'verzonden',
    'skickat',
    'sendt',
    'dato',
    'lähetetty',
    'päivämäärä',
    'wysłano',
    'wysłane',
    'data wysłania',
    'отправлено',
    'дата',
    'надіслано',
    'odesláno',
    '送信日時',
    '日付',
    '发送时间',
    '時間',
    '日期',
    '寄件日期',
    '보낸 날짜',
    '날짜',
    'đã gửi',
    'ngày',
    'küldve',
    'elküldve',
    '傳送時間',
    '发送日期',
    'enviada',
    'dátum',
    'gönderildi',
    'tarih',
    'message du',
    'تم الإرسال',
    'تم الارسال',
    'أرسلت',
    'أرسل',
    'التاريخ',
    'بتاريخ',
    'נשלח',
    'תאריך',
    'στάλθηκε',
    'ημερομηνία',
    'trimis',
    'poslano',
    'poslato',
    'dikirim',
    'tanggal',
    'ส่ง',
    'วันที่',
    'odoslané',
  ],
  to: [
    'to',
    'an',
    'à',
    'a',
    'para',
    'aan',
    'til',
    'till',
    'do',
    'кому',
    'komu',
    'vastaanottaja',
    '宛先',
    '收件人',
    '收件者',
    '받는 사람',
    'đến',
    'címzett',
    'kime',
    'destinataire',
    'destinatario',
    'destinatário',
    'ontvanger',
    'mottagare',
    'adresat',
    'إلى',
    'الى',
    'אל',
    'προς',
    'către',
    'catre',
    'za',
    'kepada',
    'ถึง',
  ],
  cc: [
    'cc',
    'bcc',
    'kopie',
    'copie à',
    'cco',
    'kopia',
    'копия',
    'копія',
    'kopio',
    'dw',
    '抄送',
    '副本',
    '참조',
    'bản sao',
    'نسخة',
    'نسخة إلى',
    'עותק',
    'κοιν',
    'kopija',
    'tembusan',
    'สำเนา',
  ],
  subject: [
    'subject',
    'betreff',
    'objet',
    'sujet',
    'asunto',
    'assunto',
    'oggetto',
    'onderwerp',
    'ämne',
    'emne',
    'aihe',
    'temat',
    'тема',
    'předmět',
    '件名',
    '主题',
    '主旨',
    '제목',
    'chủ đề',
    'tárgy',
    'konu',
    'الموضوع',
    'موضوع',
    'נושא',
    'θέμα',
    'subiect',
    'predmet',
    'perihal',
    'subjek',
    'เรื่อง',
  ],
  'reply-to': [
    'reply-to',
    'reply to',
    'antwort an',
    'répondre à',
    'responder a',
    'rispondi a',
    'risposta',
    'beantwoorden - aan',
    'svara till',
    'svar til',
  ],
};

const HEADER_FIELD_BY_LABEL = new Map<string, HeaderField>(
  (Object.keys(HEADER_LABELS) as HeaderField[]).flatMap((field) =>
    HEADER_LABELS[field].map((label) => [label, field] as const),
  ),
);

const MAX_HEADER_LABEL_LENGTH = 24;

/** The header field a line starts with ("*From:* ...", "Envoyé le : ...", "件名: ..."), if any. */
export function headerFieldOf(line: string): HeaderField | undefined {
  if (line.length > MAX_MARKER_LINE_LENGTH * 4) return undefined;
  const searchEnd = Math.min(line.length, MAX_HEADER_LABEL_LENGTH + 8);
  let colon = -1;
  for (let index = 0; index < searchEnd; index++) {
    const code = line.charCodeAt(index);
    if (code === 0x3a /* : */ || code === 0xff1a /* ： */) {
      colon = index;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const label = trimDecoration(line.slice(0, colon), '*_').toLowerCase().replace(/\s+/g, ' ');
  if (label.length === 0 || label.length > MAX_HEADER_LABEL_LENGTH) return undefined;
  return HEADER_FIELD_BY_LABEL.get(label);
}

/** "-----Original Message-----", "Begin forwarded message:" and their translations. */
const FORWARD_MARKERS = new Set([
  'original message',
  'forwarded message',
  'reply message',
  'begin forwarded message',
  'ursprüngliche nachricht',
  'originalnachricht',
  'weitergeleitete nachricht',
  'anfang der weitergeleiteten nachricht',
  "message d'origine",
  'mail original',
  'ursprüngliche mail',
  'message original',
  'message transféré',
  'début du message réexpédié',
  'début du message transféré',
  'mensaje original',
  'mensaje reenviado',
  'inicio del mensaje reenviado',
  'messaggio originale',
  'messaggio inoltrato',
  'inizio messaggio inoltrato',
  'mensagem original',
  'mensagem encaminhada',
  'início da mensagem reencaminhada',
  'oorspronkelijk bericht',
  'origineel bericht',
  'doorgestuurd bericht',
  'begin doorgestuurd bericht',
  'ursprungligt meddelande',
  'vidarebefordrat meddelande',
  'opprinnelig melding',
  'videresendt melding',
  'oprindelig besked',
  'oprindelig meddelelse',
  'videresendt besked',
  'videresendt meddelelse',
  'alkuperäinen viesti',
  'välitetty viesti',
  'wiadomość oryginalna',
  'oryginalna wiadomość',
  'przekazana wiadomość',
  'исходное сообщение',
  'пересылаемое сообщение',
  'пересланное сообщение',
  'оригінальне повідомлення',
  'вихідне повідомлення',
  'переслане повідомлення',
  'původní zpráva',
  'přeposlaná zpráva',
  '元のメッセージ',
  '転送されたメッセージ',
  '原始邮件',
  '原始郵件',
  '转发的邮件',
  '轉寄的郵件',
  '원본 메시지',
  '전달된 메시지',
  'thư gốc',
  'tin nhắn gốc',
  'thư được chuyển tiếp',
  'eredeti üzenet',
  'továbbított üzenet',
  'orijinal ileti',
  'iletilen ileti',
]);

/**
 * Nouns for "message" / "mail" and words for "original", "reply", "forward" in the languages
 * clients translate their marker into. A rule-framed phrase of a few words containing one of them
 * ("-----Antwort Nachricht-----", "----- Původní e-mail -----") is a marker even when the exact
 * wording is not in the list above.
 */
const MARKER_WORD =
  /(?:^|[^\p{L}])(?:message|mail|e-mail|email|nachricht|bericht|messaggio|mensaje|mensagem|meddelande|melding|besked|meddelelse|viesti|wiadomość|wiadomosc|сообщение|письмо|повідомлення|лист|zpráva|správa|üzenet|ileti|mesaj|poruka|sporočilo|رسالة|الرسالة|הודעה|μήνυμα|original|origineel|originale|oryginalna|původní|antwort|reply|forwarded|weitergeleitet|reenviado|encaminhada|inoltrato|videresendt|vidarebefordrat|przekazana)(?:[^\p{L}]|$)|(?:邮件|郵件|メッセージ|메시지|信件)/iu;

/** Every marker is framed by rule characters, ends in a colon, or is a short bare phrase. */
const FORWARD_MARKER_HINT = /[-_=*~#|:：]/;

export function isForwardMarker(line: string): boolean {
  if (line.length > 120 || (line.length > 40 && !FORWARD_MARKER_HINT.test(line))) return false;
  const phrase = trimDecoration(line, '>*_-–—=~#|:：').toLowerCase().replace(/\s+/g, ' ');
  if (phrase.length === 0) return false;
  if (FORWARD_MARKERS.has(phrase)) return true;
  return (
    isFramedByRules(trimDecoration(line, '>')) &&
    wordCount(phrase) <= 5 &&
    !/\d/.test(phrase) &&
    MARKER_WORD.test(phrase)
  );
}

/** A notification's own digest of earlier posts, quoted below a reply. */
const DIGEST_HEADINGS = new Set([
  'previous replies',
  'previous messages',
  'previous comments',
  'earlier replies',
  'frühere antworten',
  'réponses précédentes',
  'respuestas anteriores',
]);

const DIGEST_HINT = /previous|earlier|frühere|précédentes|anteriores/i;

export function isDigestHeading(line: string): boolean {
  if (line.length > 60 || !DIGEST_HINT.test(line)) return false;
  const phrase = trimDecoration(line, '>*_-–—=~#|:：').toLowerCase().replace(/\s+/g, ' ');
  return DIGEST_HEADINGS.has(phrase);
}
