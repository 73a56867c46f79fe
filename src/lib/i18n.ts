/**
 * Interface texts in German and English. Pages call `t(lang, key)`; placeholders in braces
 * are filled from the values given ("{count} results").
 */
import type { Lang } from './languages.ts';

const en = {
  'site.name': 'Tallyhaus Help Center',
  'site.tagline': 'Answers about invoicing, payments and bookkeeping with Tallyhaus',
  'nav.skip': 'Skip to content',
  'nav.home': 'Help Center',
  'nav.contact': 'Contact support',
  'nav.language': 'Language',
  'nav.switchTo': 'Deutsch',
  'search.label': 'Search the help center',
  'search.placeholder': 'Describe your question, e.g. “reset password”',
  'search.button': 'Search',
  'search.title': 'Search',
  'search.resultsFor': 'Results for “{query}”',
  'search.count.one': '1 article found',
  'search.count.other': '{count} articles found',
  'search.none': 'No articles match “{query}”.',
  'search.noneHint': 'Try other words or fewer words, check the spelling — or ask us directly.',
  'search.empty': 'Type a question or a few keywords.',
  'search.instant.none': 'No matching articles',
  'search.instant.all': 'Show all results for “{query}”',
  'search.instant.count.one': '1 suggestion available',
  'search.instant.count.other': '{count} suggestions available',
  'search.instant.hint': 'Use the up and down arrow keys to pick a suggestion, Enter to open it.',
  'search.previous': 'Previous',
  'search.next': 'Next',
  'search.page': 'Page {page}',
  'home.title': 'How can we help?',
  'home.categories': 'Browse by topic',
  'home.mostViewed': 'Most viewed',
  'home.newest': 'Recently updated',
  'home.articles.one': '1 article',
  'home.articles.other': '{count} articles',
  'category.title': '{category}',
  'category.empty': 'There are no articles in this topic yet.',
  'article.updated': 'Updated {date}',
  'article.tags': 'Tags',
  'article.toc': 'On this page',
  'article.readIn': 'Read this article in {language}',
  'article.related': 'Related articles',
  'article.help.title': 'Still need help?',
  'article.help.text': 'If this article did not solve your problem, our support team is happy to help.',
  'article.help.link': 'Contact support',
  'article.archived': 'This article is archived and may be out of date.',
  'article.breadcrumbs': 'Breadcrumbs',
  'lang.de': 'German',
  'lang.en': 'English',
  'contact.title': 'Contact support',
  'contact.intro': 'Our support team answers questions about Tallyhaus on working days. Please have your customer number ready; you find it under Settings → Company.',
  'contact.context': 'We will know what you were looking at if you mention it:',
  'contact.context.article': 'Article: {title}',
  'contact.context.query': 'Your search: “{query}”',
  'contact.phone.title': 'Phone',
  'contact.phone.text': '+49 30 1234 5678, Monday to Friday 8:00–18:00 (CET)',
  'contact.email.title': 'E-mail',
  'contact.email.text': 'support@tallyhaus.example — we answer within one working day.',
  'contact.status.title': 'Service status',
  'contact.status.text': 'Known outages and maintenance windows are announced on the status page of your Tallyhaus account under Help → Service status.',
  'contact.searchAgain': 'Or search the help center again:',
  'notFound.title': 'Page not found',
  'notFound.text': 'The page you are looking for does not exist or is not available. Try searching for it:',
  'footer.text': 'Tallyhaus Help Center — powered by Tierzero',
} as const;

/** A key of the interface texts. */
export type MessageKey = keyof typeof en;

const de: Record<MessageKey, string> = {
  'site.name': 'Tallyhaus Hilfe-Center',
  'site.tagline': 'Antworten rund um Rechnungen, Zahlungen und Buchhaltung mit Tallyhaus',
  'nav.skip': 'Zum Inhalt springen',
  'nav.home': 'Hilfe-Center',
  'nav.contact': 'Support kontaktieren',
  'nav.language': 'Sprache',
  'nav.switchTo': 'English',
  'search.label': 'Im Hilfe-Center suchen',
  'search.placeholder': 'Beschreiben Sie Ihre Frage, z. B. „Passwort zurücksetzen“',
  'search.button': 'Suchen',
  'search.title': 'Suche',
  'search.resultsFor': 'Ergebnisse für „{query}“',
  'search.count.one': '1 Artikel gefunden',
  'search.count.other': '{count} Artikel gefunden',
  'search.none': 'Keine Artikel passen zu „{query}“.',
  'search.noneHint': 'Versuchen Sie andere oder weniger Wörter, prüfen Sie die Schreibweise – oder fragen Sie uns direkt.',
  'search.empty': 'Geben Sie eine Frage oder einige Stichwörter ein.',
  'search.instant.none': 'Keine passenden Artikel',
  'search.instant.all': 'Alle Ergebnisse für „{query}“ anzeigen',
  'search.instant.count.one': '1 Vorschlag verfügbar',
  'search.instant.count.other': '{count} Vorschläge verfügbar',
  'search.instant.hint': 'Mit den Pfeiltasten nach oben und unten einen Vorschlag wählen, mit Enter öffnen.',
  'search.previous': 'Zurück',
  'search.next': 'Weiter',
  'search.page': 'Seite {page}',
  'home.title': 'Wie können wir helfen?',
  'home.categories': 'Themen',
  'home.mostViewed': 'Meistgelesen',
  'home.newest': 'Zuletzt aktualisiert',
  'home.articles.one': '1 Artikel',
  'home.articles.other': '{count} Artikel',
  'category.title': '{category}',
  'category.empty': 'Zu diesem Thema gibt es noch keine Artikel.',
  'article.updated': 'Aktualisiert am {date}',
  'article.tags': 'Schlagwörter',
  'article.toc': 'Auf dieser Seite',
  'article.readIn': 'Diesen Artikel auf {language} lesen',
  'article.related': 'Verwandte Artikel',
  'article.help.title': 'Brauchen Sie weitere Hilfe?',
  'article.help.text': 'Wenn dieser Artikel Ihr Problem nicht gelöst hat, hilft Ihnen unser Support-Team gern weiter.',
  'article.help.link': 'Support kontaktieren',
  'article.archived': 'Dieser Artikel ist archiviert und möglicherweise nicht mehr aktuell.',
  'article.breadcrumbs': 'Brotkrümelnavigation',
  'lang.de': 'Deutsch',
  'lang.en': 'Englisch',
  'contact.title': 'Support kontaktieren',
  'contact.intro': 'Unser Support-Team beantwortet Ihre Fragen zu Tallyhaus an Werktagen. Bitte halten Sie Ihre Kundennummer bereit; Sie finden sie unter Einstellungen → Unternehmen.',
  'contact.context': 'Nennen Sie uns gern, wonach Sie gesucht haben:',
  'contact.context.article': 'Artikel: {title}',
  'contact.context.query': 'Ihre Suche: „{query}“',
  'contact.phone.title': 'Telefon',
  'contact.phone.text': '+49 30 1234 5678, Montag bis Freitag 8:00–18:00 Uhr',
  'contact.email.title': 'E-Mail',
  'contact.email.text': 'support@tallyhaus.example – wir antworten innerhalb eines Werktags.',
  'contact.status.title': 'Servicestatus',
  'contact.status.text': 'Bekannte Störungen und Wartungsfenster finden Sie in Ihrem Tallyhaus-Konto unter Hilfe → Servicestatus.',
  'contact.searchAgain': 'Oder suchen Sie erneut im Hilfe-Center:',
  'notFound.title': 'Seite nicht gefunden',
  'notFound.text': 'Die gesuchte Seite gibt es nicht oder sie ist nicht verfügbar. Versuchen Sie es mit der Suche:',
  'footer.text': 'Tallyhaus Hilfe-Center – betrieben mit Tierzero',
};

const messages: Record<Lang, Record<MessageKey, string>> = { en, de };

/** The interface text for a key in a language, with {placeholders} filled. */
export function t(lang: Lang, key: MessageKey, values: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** Picks the singular or plural text: `plural(lang, 'search.count', n)` uses `.one` or `.other`. */
export function plural(lang: Lang, base: 'search.count' | 'home.articles' | 'search.instant.count', count: number): string {
  return t(lang, `${base}.${count === 1 ? 'one' : 'other'}` as MessageKey, { count });
}

/** Formats a date for the reader ("14. Oktober 2026" / "October 14, 2026"). */
export function formatDate(lang: Lang, date: Date): string {
  return dateFormats[lang].format(date);
}

// Creating an Intl formatter is costly; one per language is enough.
const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
};
