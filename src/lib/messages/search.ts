/**
 * Interface texts of the search box, the search page and instant search: every `search.*` key, in English and German.
 */
export const en = {
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
};

export const de: Record<keyof typeof en, string> = {
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
};
