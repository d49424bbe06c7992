import { trimDecoration } from './text-scan.js';

/**
 * Client signatures: the line a phone or mail app appends ("Sent from my iPhone", "Get Outlook
 * for Android", "Von meinem iPhone gesendet", ...), recognised in the languages the extractor
 * supports. A person's own sign-off ("Thanks, Ana", "-Abhishek Kona") is not matched here.
 */

const MAX_SIGNATURE_LINE_LENGTH = 160;

/**
 * Words that make a "Sent from ..." line a device or app signature even when a clause follows
 * ("Sent from my cell, please excuse typos"). Matched against the part before the first comma.
 */
const DEVICE_OR_APP_WORD =
  /(?:^|[^\p{L}])(?:iphone|ipad|ipod|android|blackberry|mobile|phone|cell|cellphone|smartphone|tablet|device|samsung|galaxy|htc|nokia|huawei|xiaomi|pixel|motorola|sony|lg|oneplus|windows|outlook|mail|gmail|yahoo|aol|proton|protonmail|airmail|mailbox|spark|superhuman|typeapp|bluemail|edison|newton|polymail|fairemail|k-9|thunderbird|zoho|fastmail|tutanota|hey|apple|watch|verizon|t-mobile|wiko)(?:[^\p{L}]|$)/iu;

const SENT_FROM = /^sent (?:from|with|via|by|using) (my |a |an |the )?(.{1,120})$/iu;

/** "Get Outlook for iOS" and the translations Outlook mobile uses. */
const GET_OUTLOOK_FOR_MOBILE =
  /^(?:get|obtenez|télécharger|telecharger|obtener|descargar|scarica|ottieni|obter o|baixe o|download|hämta|skaffa|få|hent|hanki|pobierz(?: aplikację)?|получить|скачайте|отримати|stáhněte si|získat|tải|获取|取得)\s?\[?outlook (?:for|pour|para|per|voor|för|til|dla|для|pro|cho)(?: systemu)? \[?(?:ios|android)/iu;

/** Outlook mobile in Arabic: "احصل على Outlook لـ Android". */
const GET_OUTLOOK_ARABIC =
  /^(?:احصل على|الحصول على|تنزيل)\s?outlook\s(?:لـ|ل|for)\s?(?:ios|android)/iu;

/** Outlook mobile in Asian languages: "Outlook for iOS を入手", "Outlook for iOS 받기". */
const OUTLOOK_FOR_MOBILE_ASIAN = /^\[?outlook for (?:ios|android)\]?.{0,40}(?:を入手|받기)/iu;

/** Translations of "Sent from my <device>" and of mail apps' own footers. */
const TRANSLATED_DEVICE_SIGNATURES: readonly RegExp[] = [
  // German
  /^von meine[mr]? .{1,60} gesendet$/iu,
  // "Von Yahoo Mail auf Android gesendet", "Von Outlook für iOS gesendet"
  /^von (?:yahoo|outlook|gmail|mail|samsung|huawei|blackberry|gmx|web\.de).{0,50} gesendet$/iu,
  /^gesendet (?:von|vom|mit|über) (?:meinem |meiner |der |dem )?.{1,80}$/iu,
  /^diese nachricht wurde von .{1,100} gesendet/iu,
  // French
  /^envoyé (?:de|depuis|à partir de|avec|via) .{1,80}$/iu,
  // Spanish, Portuguese
  /^enviado (?:desde|con|do|da|de|pelo|pela|a partir do) .{1,80}$/iu,
  // Italian
  /^inviato (?:da|dal|dalla|con|tramite) .{1,80}$/iu,
  // Dutch
  /^(?:verzonden|verstuurd) (?:vanaf|van|met|vanuit|via) .{1,80}$/iu,
  // Swedish
  /^(?:skickat|skickades) (?:från|fran|med|via) .{1,80}$/iu,
  // Norwegian, Danish
  /^sendt (?:fra|med|via) .{1,80}$/iu,
  // Finnish
  /^lähetetty (?:\S{1,40}(?:sta|stä)|.{1,60}-sovelluksesta)$/iu,
  // Polish
  /^wysłane (?:z|ze|przez) .{1,80}$/iu,
  // Russian
  /^отправлено (?:с|со|из) .{1,80}$/iu,
  // Ukrainian
  /^(?:надіслано|відправлено) (?:з|із|зі) .{1,80}$/iu,
  // Czech, Slovak
  /^odesláno (?:z|ze|přes) .{1,80}$/iu,
  /^odoslané (?:z|zo) .{1,80}$/iu,
  // Japanese
  /^.{1,40}から送信$/u,
  // Chinese
  /^(?:从|從)我的\s?.{1,30}(?:发送|傳送|寄出)$/u,
  /^(?:从|從)\s?(?:windows|outlook|ios|android|iphone|ipad).{0,30}(?:发送|傳送|寄出)$/iu,
  /^(?:发自|發自|来自|來自)我的\s?.{1,30}$/u,
  // Korean
  /^.{1,40}에서 (?:보냄|보냈습니다\.?|발송)$/u,
  // Vietnamese
  /^(?:được )?gửi từ .{1,80}$/iu,
  // Hungarian, Turkish
  /^.{1,40} készülékről küldve$/iu,
  /^.{1,40}(?:'dan|'den|’dan|’den) gönderildi$/iu,
  /^.{1,40} (?:için|ile) .{1,40} gönderildi$/iu,
  /^küldés a .{1,60}(?:alkalmazásból|alkalmazásából)$/iu,
  // Danish ("Sendt fra min iPhone" is above), Polish "Wysłano z iPhone'a", Portuguese "Enviado do
  // meu iPhone" (above), Arabic "أُرسلت من iPhone" / "تم الإرسال من iPhone الخاص بي".
  /^wysłano (?:z|ze|przez) .{1,80}$/iu,
  /^(?:أُرسلت|أرسلت|ارسلت|تم الإرسال|تم الارسال|مرسل) من .{1,80}$/u,
  // English variants without "Sent"
  /^\p{L}{1,20} from mobile$/iu,
  /^from my (?:iphone|ipad|android|mobile|phone|blackberry|samsung|galaxy)\b/iu,
];

/**
 * Every pattern above contains one of these words; testing them first keeps the cost of an
 * ordinary line to one regex.
 */
const SIGNATURE_HINT =
  /احصل|الحصول|تنزيل|wysłano|أرسلت|أُرسلت|ارسلت|الإرسال|الارسال|مرسل|sent|from my|from mobile|outlook|gesendet|envoy|enviado|inviato|verzonden|verstuurd|skickat|sendt|lähetetty|wysłane|отправлено|надіслано|відправлено|odesláno|odoslané|送信|我的|보냄|보냈|발송|gửi|küldve|küldés|gönderildi|skickades|发送|傳送|寄出/i;

/** A client signature line ("Sent from my iPhone", "Envoyé de mon iPhone", ...). */
export function isClientSignatureLine(line: string): boolean {
  if (line.length > MAX_SIGNATURE_LINE_LENGTH || !SIGNATURE_HINT.test(line)) return false;
  const text = trimDecoration(line, '()<>[]*_"“”«».');
  if (text.length < 6) return false;

  const sentFrom = SENT_FROM.exec(text);
  if (sentFrom) return isDeviceSentFrom(sentFrom[1] ?? '', sentFrom[2] ?? '');
  if (
    GET_OUTLOOK_FOR_MOBILE.test(text) ||
    OUTLOOK_FOR_MOBILE_ASIAN.test(text) ||
    GET_OUTLOOK_ARABIC.test(text)
  ) {
    return true;
  }
  return TRANSLATED_DEVICE_SIGNATURES.some((pattern) => pattern.test(text));
}

/**
 * "Sent from my TI-85" is a device signature; "Sent from my desk, which is easier" and "Sent from
 * a magnificent torch of pixels" are sentences the person wrote.
 */
function isDeviceSentFrom(article: string, rest: string): boolean {
  const clauseEnd = rest.search(/[,;!?]|\.\s/);
  const head = clauseEnd === -1 ? rest : rest.slice(0, clauseEnd);
  if (DEVICE_OR_APP_WORD.test(head)) return true;
  if (clauseEnd !== -1) return false;
  const words = head.trim().split(/\s+/).length;
  if (article.trim().toLowerCase() === 'my') return words <= 5;
  // "Sent from TypeApp", "Sent with Airmail": an app's name, capitalised, with no article.
  return article === '' && /^\p{Lu}/u.test(head) && words <= 5;
}

/** `-- ` (RFC 3676) and the `--` many people type without the trailing space. */
export function isSignatureDelimiter(line: string): boolean {
  return line === '--' || line === '-- ' || line.trimEnd() === '--';
}

/**
 * Closings people type above their name, in the languages the extractor supports. Matched after
 * lowercasing, with trailing punctuation off, alone or followed by ", Name" ("Regards, Roman").
 */
const CLOSING_PHRASES = new Set([
  // English
  'regards',
  'best regards',
  'kind regards',
  'warm regards',
  'warmest regards',
  'many regards',
  'best',
  'all the best',
  'best wishes',
  'cheers',
  'thanks',
  'thank you',
  'many thanks',
  'thanks again',
  'thanks in advance',
  'sincerely',
  'yours sincerely',
  'yours truly',
  'yours',
  'greetings',
  'take care',
  'cordially',
  'respectfully',
  // German
  'mit freundlichen grüßen',
  'mit freundlichen grüssen',
  'freundliche grüße',
  'freundliche grüsse',
  'viele grüße',
  'viele grüsse',
  'beste grüße',
  'beste grüsse',
  'liebe grüße',
  'liebe grüsse',
  'herzliche grüße',
  'schöne grüße',
  'grüße',
  'gruß',
  'mfg',
  'lg',
  'vg',
  'danke',
  'vielen dank',
  // French
  'cordialement',
  'bien cordialement',
  'bien à vous',
  'merci',
  'merci beaucoup',
  'salutations',
  'amicalement',
  'bonne journée',
  // Spanish
  'saludos',
  'un saludo',
  'saludos cordiales',
  'atentamente',
  'gracias',
  'muchas gracias',
  'un abrazo',
  // Portuguese
  'atenciosamente',
  'cumprimentos',
  'melhores cumprimentos',
  'com os melhores cumprimentos',
  'obrigado',
  'obrigada',
  'abraços',
  'abraço',
  'att',
  'saudações',
  // Italian
  'cordiali saluti',
  'distinti saluti',
  'saluti',
  'un saluto',
  'grazie',
  'grazie mille',
  // Dutch
  'met vriendelijke groet',
  'met vriendelijke groeten',
  'vriendelijke groet',
  'vriendelijke groeten',
  'groeten',
  'groet',
  'mvg',
  'bedankt',
  // Danish, Norwegian, Swedish
  'med venlig hilsen',
  'venlig hilsen',
  'med vennlig hilsen',
  'vennlig hilsen',
  'hilsen',
  'mvh',
  'med vänliga hälsningar',
  'vänliga hälsningar',
  'hälsningar',
  'tak',
  'takk',
  'mange tak',
  'tack',
  // Finnish
  'ystävällisin terveisin',
  'terveisin',
  'kiitos',
  // Polish
  'pozdrawiam',
  'serdecznie pozdrawiam',
  'pozdrowienia',
  'z poważaniem',
  'z wyrazami szacunku',
  'dziękuję',
  'dzięki',
  // Czech
  's pozdravem',
  'děkuji',
  // Russian, Ukrainian
  'с уважением',
  'спасибо',
  'всего доброго',
  'з повагою',
  'дякую',
  // Turkish
  'saygılarımla',
  'teşekkürler',
  // Arabic
  'مع تحياتي',
  'تحياتي',
  'مع خالص التحية',
  'مع أطيب التحيات',
  'مع الشكر',
  'شكرا',
  'شكراً',
  'وشكرا',
  // Hebrew, Greek
  'בברכה',
  'תודה',
  'με εκτίμηση',
  'ευχαριστώ',
  // Chinese, Japanese
  '谢谢',
  '此致',
  '祝好',
  'よろしくお願いします',
  'よろしくお願いいたします',
]);

const MAX_CLOSING_LINE_LENGTH = 60;
/** ", Roman", " - Jane Doe": a name of at most four words after the closing. */
const CLOSING_NAME_TAIL = /^[,،\s–—-]+[\p{L}.'’-]+(?:\s[\p{L}.'’-]+){0,3}$/u;

/** A line the person typed to close their message ("Regards,", "Pozdrawiam", "Thanks, Ana"). */
export function isClosingLine(line: string): boolean {
  if (line.length > MAX_CLOSING_LINE_LENGTH) return false;
  const text = trimDecoration(line, '*_', ',.!:;،*_').toLowerCase().replace(/\s+/g, ' ');
  if (CLOSING_PHRASES.has(text)) return true;
  const comma = text.search(/[,،–—]| - /);
  if (comma <= 0) return false;
  return (
    CLOSING_PHRASES.has(text.slice(0, comma).trim()) && CLOSING_NAME_TAIL.test(text.slice(comma))
  );
}
