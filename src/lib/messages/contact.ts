/**
 * Interface texts of the contact page: every `contact.*` key, in English and German.
 */
export const en = {
  'contact.title': 'Contact support',
  'contact.intro': 'Our support team answers questions about Tallyhaus on working days. Please have your customer number ready; you find it under Settings → Company.',
  'contact.context': 'We will know what you were looking at if you mention it:',
  'contact.context.article': 'Article: {title}',
  'contact.context.query': 'Your search: “{query}”',
  'contact.phone.title': 'Phone',
  'contact.phone.number': '+49 30 1234 5678',
  'contact.phone.text': 'Monday to Friday 8:00–18:00 (CET)',
  'contact.email.title': 'E-mail',
  'contact.email.address': 'support@tallyhaus.example',
  'contact.email.text': 'We answer within one working day.',
  'contact.status.title': 'Service status',
  'contact.status.text': 'Known outages and maintenance windows are announced on the status page of your Tallyhaus account under Help → Service status.',
  'contact.searchAgain': 'Or search the help center again:',
};

export const de: Record<keyof typeof en, string> = {
  'contact.title': 'Support kontaktieren',
  'contact.intro': 'Unser Support-Team beantwortet Ihre Fragen zu Tallyhaus an Werktagen. Bitte halten Sie Ihre Kundennummer bereit; Sie finden sie unter Einstellungen → Unternehmen.',
  'contact.context': 'Nennen Sie uns gern, wonach Sie gesucht haben:',
  'contact.context.article': 'Artikel: {title}',
  'contact.context.query': 'Ihre Suche: „{query}“',
  'contact.phone.title': 'Telefon',
  'contact.phone.number': '+49 30 1234 5678',
  'contact.phone.text': 'Montag bis Freitag 8:00–18:00 Uhr',
  'contact.email.title': 'E-Mail',
  'contact.email.address': 'support@tallyhaus.example',
  'contact.email.text': 'Wir antworten innerhalb eines Werktags.',
  'contact.status.title': 'Servicestatus',
  'contact.status.text': 'Bekannte Störungen und Wartungsfenster finden Sie in Ihrem Tallyhaus-Konto unter Hilfe → Servicestatus.',
  'contact.searchAgain': 'Oder suchen Sie erneut im Hilfe-Center:',
};
