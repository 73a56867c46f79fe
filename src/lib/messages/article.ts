/**
 * Interface texts of public article pages: every `article.*` key, in English and German.
 */
export const en = {
  'article.updated': 'Updated {date}',
  'article.tags': 'Tags',
  'article.toc': 'On this page',
  'article.print': 'Print',
  'article.copyLink': 'Copy link to section: {heading}',
  'article.linkCopied': 'Link to “{heading}” copied.',
  'article.readIn': 'Read this article in {language}',
  'article.related': 'Related articles',
  'article.help.title': 'Still need help?',
  'article.help.text': 'If this article did not solve your problem, our support team is happy to help.',
  'article.help.link': 'Contact support',
  'article.archived': 'This article is archived and may be out of date.',
  'article.breadcrumbs': 'Breadcrumbs',
};

export const de: Record<keyof typeof en, string> = {
  'article.updated': 'Aktualisiert am {date}',
  'article.tags': 'Schlagwörter',
  'article.toc': 'Auf dieser Seite',
  'article.print': 'Drucken',
  'article.copyLink': 'Link zum Abschnitt kopieren: {heading}',
  'article.linkCopied': 'Link zu „{heading}“ kopiert.',
  'article.readIn': 'Diesen Artikel auf {language} lesen',
  'article.related': 'Verwandte Artikel',
  'article.help.title': 'Brauchen Sie weitere Hilfe?',
  'article.help.text': 'Wenn dieser Artikel Ihr Problem nicht gelöst hat, hilft Ihnen unser Support-Team gern weiter.',
  'article.help.link': 'Support kontaktieren',
  'article.archived': 'Dieser Artikel ist archiviert und möglicherweise nicht mehr aktuell.',
  'article.breadcrumbs': 'Brotkrümelnavigation',
};
