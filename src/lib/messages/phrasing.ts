/**
 * Interface texts of learned phrasings (customers' own words for an article): the list on the
 * article's staff page, its confirm/remove buttons, the insights' "add as phrasing" form and
 * the refusals: every `phrasing.*` key, in English and German.
 */
export const en = {
  'phrasing.title': 'Learned phrasings',
  'phrasing.intro': 'Words customers used to find this article. Confirmed phrasings put the article first in search for those words.',
  'phrasing.none': 'No learned phrasings yet.',
  'phrasing.status.proposed': 'Proposed',
  'phrasing.status.confirmed': 'Confirmed',
  'phrasing.status.removed': 'Removed',
  'phrasing.evidence': '{count} clicks or deflections',
  'phrasing.lang': 'searched in {lang}',
  'phrasing.confirm': 'Confirm',
  'phrasing.remove': 'Remove',
  'phrasing.done.confirmed': 'The phrasing is confirmed: search uses it now.',
  'phrasing.done.removed': 'The phrasing is removed and will not be proposed again.',
  'phrasing.done.added': 'Added as a phrasing of “{title}”: search uses it now.',
  'phrasing.add': 'Add as phrasing',
  'phrasing.addTo': 'Add “{query}” as phrasing to article',
  'phrasing.addHint': 'The article’s address (as in /articles/…); suggested: the articles the search came closest to. Search then puts that article first for these words.',
  'phrasing.error.forbidden': 'Only second level and admins decide on learned phrasings.',
  'phrasing.error.notFound': 'This phrasing does not exist (any more).',
  'phrasing.error.noWords': 'This search has no words to learn (only very common words).',
  'phrasing.error.article': 'Choose an article that exists.',
};

export const de: Record<keyof typeof en, string> = {
  'phrasing.title': 'Gelernte Formulierungen',
  'phrasing.intro': 'Wörter, mit denen Kundinnen und Kunden diesen Artikel gefunden haben. Bestätigte Formulierungen stellen den Artikel bei diesen Wörtern in der Suche an die erste Stelle.',
  'phrasing.none': 'Noch keine gelernten Formulierungen.',
  'phrasing.status.proposed': 'Vorgeschlagen',
  'phrasing.status.confirmed': 'Bestätigt',
  'phrasing.status.removed': 'Entfernt',
  'phrasing.evidence': '{count} Klicks oder erledigte Anfragen',
  'phrasing.lang': 'gesucht auf {lang}',
  'phrasing.confirm': 'Bestätigen',
  'phrasing.remove': 'Entfernen',
  'phrasing.done.confirmed': 'Die Formulierung ist bestätigt: Die Suche verwendet sie jetzt.',
  'phrasing.done.removed': 'Die Formulierung ist entfernt und wird nicht wieder vorgeschlagen.',
  'phrasing.done.added': 'Als Formulierung von „{title}“ hinzugefügt: Die Suche verwendet sie jetzt.',
  'phrasing.add': 'Als Formulierung hinzufügen',
  'phrasing.addTo': '„{query}“ als Formulierung zum Artikel hinzufügen',
  'phrasing.addHint': 'Die Adresse des Artikels (wie in /articles/…); vorgeschlagen: die Artikel, denen die Suche am nächsten kam. Die Suche stellt diesen Artikel bei diesen Wörtern dann an die erste Stelle.',
  'phrasing.error.forbidden': 'Nur der Second Level und Admins entscheiden über gelernte Formulierungen.',
  'phrasing.error.notFound': 'Diese Formulierung gibt es nicht (mehr).',
  'phrasing.error.noWords': 'Diese Suche enthält keine Wörter zum Lernen (nur sehr häufige Wörter).',
  'phrasing.error.article': 'Wählen Sie einen vorhandenen Artikel.',
};
