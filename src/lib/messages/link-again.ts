/**
 * Interface texts of "send me my link again" on the status page: every `linkAgain.*` key, in
 * English and German. The answer is the same whether or not the address has requests.
 */
export const en = {
  'linkAgain.title': 'Send me my link again',
  'linkAgain.text': 'Enter the e-mail address you used for your request. If we have open requests for it, we send one e-mail with the personal link to each of them.',
  'linkAgain.label': 'Your e-mail address',
  'linkAgain.submit': 'Send my links',
  'linkAgain.sent': 'If we have open requests for this address, an e-mail with the links is on its way. Please also check your spam folder.',
  'linkAgain.invalid': 'Please enter a valid e-mail address, like name@example.com.',
  'linkAgain.limited.one': 'Too many requests from your connection. Please try again in 1 minute.',
  'linkAgain.limited.other': 'Too many requests from your connection. Please try again in {count} minutes.',
};

export const de: Record<keyof typeof en, string> = {
  'linkAgain.title': 'Link erneut zusenden',
  'linkAgain.text': 'Geben Sie die E-Mail-Adresse ein, mit der Sie Ihre Anfrage gestellt haben. Gibt es dazu offene Anfragen, senden wir Ihnen eine E-Mail mit dem persönlichen Link zu jeder davon.',
  'linkAgain.label': 'Ihre E-Mail-Adresse',
  'linkAgain.submit': 'Links zusenden',
  'linkAgain.sent': 'Falls es zu dieser Adresse offene Anfragen gibt, ist eine E-Mail mit den Links unterwegs. Bitte sehen Sie auch im Spam-Ordner nach.',
  'linkAgain.invalid': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.',
  'linkAgain.limited.one': 'Zu viele Anfragen von Ihrer Verbindung. Bitte versuchen Sie es in 1 Minute erneut.',
  'linkAgain.limited.other': 'Zu viele Anfragen von Ihrer Verbindung. Bitte versuchen Sie es in {count} Minuten erneut.',
};
