/**
 * Interface texts of staff log-in: every `login.*` key, in English and German.
 */
export const en = {
  'login.title': 'Staff log-in',
  'login.intro': 'For Tallyhaus support staff. Customers need no account: search the help center or contact support.',
  'login.email': 'E-mail address',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.error.title': 'Log-in failed',
  'login.error.invalid': 'Wrong e-mail address or password.',
  'login.error.throttled.one': 'Too many failed log-in attempts. Please try again in 1 minute.',
  'login.error.throttled.other': 'Too many failed log-in attempts. Please try again in {count} minutes.',
  'login.error.email': 'Enter your e-mail address, e.g. name@example.com.',
  'login.error.password': 'Enter your password.',
  'login.error.unexpected': 'Logging in is not possible right now. Please try again in a moment.',
  'login.loggedOut': 'You have been logged out.',
  'login.error.levelOff': 'Level 3 is switched off on this desk (two levels). Ask an admin to make your account second level.',
};

export const de: Record<keyof typeof en, string> = {
  'login.title': 'Anmeldung für Mitarbeitende',
  'login.intro': 'Für das Tallyhaus-Support-Team. Kund:innen brauchen kein Konto: Suchen Sie im Hilfe-Center oder kontaktieren Sie den Support.',
  'login.email': 'E-Mail-Adresse',
  'login.password': 'Passwort',
  'login.submit': 'Anmelden',
  'login.error.title': 'Anmeldung fehlgeschlagen',
  'login.error.invalid': 'E-Mail-Adresse oder Passwort ist falsch.',
  'login.error.throttled.one': 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in 1 Minute erneut.',
  'login.error.throttled.other': 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in {count} Minuten erneut.',
  'login.error.email': 'Geben Sie Ihre E-Mail-Adresse ein, z. B. name@example.com.',
  'login.error.password': 'Geben Sie Ihr Passwort ein.',
  'login.error.unexpected': 'Die Anmeldung ist gerade nicht möglich. Bitte versuchen Sie es gleich noch einmal.',
  'login.loggedOut': 'Sie wurden abgemeldet.',
  'login.error.levelOff': 'Level 3 ist auf diesem Desk abgeschaltet (zwei Levels). Bitten Sie eine Administrator:in, Ihr Konto auf Second Level umzustellen.',
};
