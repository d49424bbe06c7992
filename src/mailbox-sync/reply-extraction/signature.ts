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

/** Outlook mobile in Asian languages: "Outlook for iOS を入手", "Outlook for iOS 받기". */
const OUTLOOK_FOR_MOBILE_ASIAN = /^\[?outlook for (?:ios|android)\]?.{0,40}(?:を入手|받기)/iu;

/** Translations of "Sent from my <device>" and of mail apps' own footers. */
const TRANSLATED_DEVICE_SIGNATURES: readonly RegExp[] = [
  // German
  /^von meine[mr]? .{1,60} gesendet$/iu,
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
  /^skickat (?:från|fran|med|via) .{1,80}$/iu,
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
  /^(?:发自|發自|来自|來自)我的\s?.{1,30}$/u,
  // Korean
  /^.{1,40}에서 (?:보냄|보냈습니다\.?|발송)$/u,
  // Vietnamese
  /^(?:được )?gửi từ .{1,80}$/iu,
  // Hungarian, Turkish
  /^.{1,40} készülékről küldve$/iu,
  /^.{1,40}(?:'dan|'den|’dan|’den) gönderildi$/iu,
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
  /wysłano|أرسلت|أُرسلت|ارسلت|الإرسال|الارسال|مرسل|sent|from my|from mobile|outlook|gesendet|envoy|enviado|inviato|verzonden|verstuurd|skickat|sendt|lähetetty|wysłane|отправлено|надіслано|відправлено|odesláno|odoslané|送信|我的|보냄|보냈|발송|gửi|küldve|gönderildi/i;

/** A client signature line ("Sent from my iPhone", "Envoyé de mon iPhone", ...). */
export function isClientSignatureLine(line: string): boolean {
  if (line.length > MAX_SIGNATURE_LINE_LENGTH || !SIGNATURE_HINT.test(line)) return false;
  const text = trimDecoration(line, '()<>[]*_"“”«».');
  if (text.length < 6) return false;

  const sentFrom = SENT_FROM.exec(text);
  if (sentFrom) return isDeviceSentFrom(sentFrom[1] ?? '', sentFrom[2] ?? '');
  if (GET_OUTLOOK_FOR_MOBILE.test(text) || OUTLOOK_FOR_MOBILE_ASIAN.test(text)) return true;
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
