/**
 * Cuts what a mail client added below (or around) the customer's own words before the text
 * is stored as a ticket message: the quoted history ("On … wrote:", "Am … schrieb …",
 * Outlook's "-----Original Message-----" / "Von:"/"From:" header blocks, "> " lines) and the
 * signature ("-- " and the usual mobile footers). Pure. Rules that always hold: the result
 * is never empty when the input had words of its own (if cutting would leave nothing, the
 * text is kept whole), and nothing above the first marker is changed.
 */

/** Lines that start the quoted history; everything from there on is cut. */
const HISTORY_MARKERS: readonly RegExp[] = [
  // Outlook, English and German
  /^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Originalnachricht)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  // Thunderbird, Apple Mail, Gmail: "On Mon, 1 Dec 2026 at 10:00, Anna <a@x> wrote:"
  /^\s*On\b.{0,200}\bwrote:\s*$/i,
  // "Am 01.12.2026 um 10:00 schrieb Anna <a@x>:" (also without the colon)
  /^\s*Am\b.{0,200}\bschrieb\b.{0,200}$/i,
  // Forwarded-message separators
  /^\s*-{2,}\s*(?:Forwarded message|Weitergeleitete Nachricht)\s*-{2,}\s*$/i,
];

/** An Outlook header block: "From:"/"Von:" followed within a few lines by "Sent:"/"Gesendet:" or "Subject:"/"Betreff:". */
const OUTLOOK_FROM = /^\s*\*?(?:From|Von)\s*:\*?\s+\S/i;
const OUTLOOK_NEXT = /^\s*\*?(?:Sent|Gesendet|Date|Datum|To|An|Subject|Betreff)\s*:\*?/i;

/** Signature separators and mobile footers; everything from there on is cut. */
const SIGNATURE_MARKERS: readonly RegExp[] = [
  /^-- ?$/,
  /^\s*(?:Sent from my|Von meinem|Gesendet von meinem|Get Outlook for)\b.*$/i,
];

function firstIndex(lines: readonly string[], test: (line: string, index: number) => boolean): number {
  for (let i = 0; i < lines.length; i++) if (test(lines[i]!, i)) return i;
  return -1;
}

/**
 * The customer's own words of a plain-text mail body.
 * @returns the text without quoted history and signature, trimmed
 */
export function stripQuotes(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let cut = firstIndex(lines, (line, i) => {
    if (HISTORY_MARKERS.some((marker) => marker.test(line))) return true;
    if (OUTLOOK_FROM.test(line)) return lines.slice(i + 1, i + 5).some((next) => OUTLOOK_NEXT.test(next));
    return false;
  });
  // A "wrote:" line wrapped by the client: "On Mon, 1 Dec 2026, Anna <a@x>" / "wrote:".
  if (cut === -1) {
    cut = firstIndex(lines, (line, i) => /^\s*(?:On|Am)\b/i.test(line) && /^\s*.{0,120}\b(?:wrote|schrieb)\b.{0,100}:?\s*$/i.test(lines[i + 1] ?? ''));
  }
  let own = cut === -1 ? lines : lines.slice(0, cut);
  // A block of "> " lines (with no own words after it) is quoted history too.
  while (own.length > 0 && (/^\s*>/.test(own.at(-1)!) || own.at(-1)!.trim() === '')) own = own.slice(0, -1);
  const signature = firstIndex(own, (line) => SIGNATURE_MARKERS.some((marker) => marker.test(line)));
  if (signature > 0) own = own.slice(0, signature);
  const result = own.join('\n').trim();
  return result || text.trim();
}
