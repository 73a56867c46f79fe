/**
 * The demo standard answers, German and English, each standing for its public article. Created
 * only on an empty database; a template whose article is missing loses its article link line.
 */
import type { ArticleStore } from '../knowledge/articles.ts';
import { isPublicArticle } from '../search/search.ts';
import { createTemplateInChange, type AnswerTemplate, type TemplateInput } from '../desk/answer-templates.ts';
import type { Database } from '../platform/database/connect.ts';
import { writeTransaction } from '../platform/database/write-transaction.ts';

/**
 * The demo standard answers: the most common questions of the demo articles, in German and
 * English, each standing for its public article (so inserting one records the reuse).
 */
export const DEMO_TEMPLATES: readonly TemplateInput[] = [
  {
    title: 'Passwort zurücksetzen',
    lang: 'de',
    articleSlug: 'passwort-zuruecksetzen',
    body: 'Hallo {customer_name},\n\nüber „Passwort vergessen?“ auf der Anmeldeseite erhalten Sie einen Link, mit dem Sie ein neues Passwort vergeben. Der Link ist 60 Minuten gültig; bitte sehen Sie auch im Spam-Ordner nach.\n\nSchritt für Schritt: {article_link}\n\nViele Grüße\n{agent_name}\nTallyhaus Support ({ticket_reference})',
  },
  {
    title: 'Reset your password',
    lang: 'en',
    articleSlug: 'reset-password',
    body: 'Hello {customer_name},\n\nUse "Forgot password?" on the log-in page and we will e-mail you a link to choose a new password. The link is valid for 60 minutes; please also check your spam folder.\n\nStep by step: {article_link}\n\nKind regards\n{agent_name}\nTallyhaus Support ({ticket_reference})',
  },
  {
    title: 'Konto gesperrt nach Fehlversuchen',
    lang: 'de',
    articleSlug: 'konto-gesperrt-nach-fehlversuchen',
    body: 'Hallo {customer_name},\n\nnach mehreren falschen Passworteingaben wird Ihr Konto zu Ihrem Schutz vorübergehend gesperrt. Warten Sie bitte 15 Minuten (ohne weitere Versuche) oder setzen Sie Ihr Passwort zurück, dann können Sie sich wieder anmelden.\n\nMehr dazu: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Account locked / cannot log in',
    lang: 'en',
    articleSlug: 'cant-log-in',
    body: 'Hello {customer_name},\n\nAfter several wrong passwords your account is locked for a while to protect it. Please wait 15 minutes without trying again, or reset your password; the most common causes and their fixes are here: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Zwei-Faktor: Handy verloren',
    lang: 'de',
    articleSlug: 'zwei-faktor-authentifizierung',
    body: 'Hallo {customer_name},\n\nwenn Ihr Handy mit der Authenticator-App verloren ist, melden Sie sich bitte mit einem Ihrer Wiederherstellungscodes an und richten Sie die Zwei-Faktor-Anmeldung neu ein. Haben Sie keine Codes mehr, setzen wir die Zwei-Faktor-Anmeldung nach einer Identitätsprüfung zurück – antworten Sie dazu einfach auf diese Nachricht.\n\nAnleitung: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Two-factor: lost phone',
    lang: 'en',
    articleSlug: 'two-factor-authentication',
    body: 'Hello {customer_name},\n\nIf you lost the phone with your authenticator app, please log in with one of your recovery codes and set up two-factor authentication again. Without recovery codes we reset two-factor authentication after an identity check — just reply to this message.\n\nInstructions: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Versendete Rechnung korrigieren (Stornorechnung)',
    lang: 'de',
    articleSlug: 'rechnung-korrigieren-stornorechnung',
    body: 'Hallo {customer_name},\n\neine bereits versendete Rechnung darf nicht mehr geändert werden. Erstellen Sie stattdessen eine Stornorechnung und danach eine neue, korrigierte Rechnung – beides geht mit einem Klick unter „Rechnung korrigieren“.\n\nSo geht es: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Correct a sent invoice (cancellation)',
    lang: 'en',
    articleSlug: 'correct-a-sent-invoice',
    body: 'Hello {customer_name},\n\nAn invoice that has been sent can no longer be changed. Instead, create a cancellation invoice and then a new, corrected invoice — "Correct invoice" does both in one step.\n\nHow it works: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Zahlungserinnerungen und Mahnungen',
    lang: 'de',
    articleSlug: 'zahlungserinnerungen-und-mahnungen',
    body: 'Hallo {customer_name},\n\nZahlungserinnerungen und Mahnungen lassen sich unter Einstellungen → Mahnwesen automatisch versenden: Sie legen die Stufen, Fristen und Texte einmal fest.\n\nAnleitung: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Payment reminders and dunning',
    lang: 'en',
    articleSlug: 'payment-reminders-and-dunning',
    body: 'Hello {customer_name},\n\nPayment reminders and dunning letters can be sent automatically under Settings → Dunning: you define the levels, deadlines and texts once.\n\nInstructions: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'SEPA-Lastschriftmandat',
    lang: 'de',
    articleSlug: 'sepa-lastschrift-einrichten',
    body: 'Hallo {customer_name},\n\nfür den Einzug per SEPA-Lastschrift brauchen Sie eine Gläubiger-ID und von jedem Kunden ein unterschriebenes Lastschriftmandat. Beides hinterlegen Sie in Tallyhaus, danach werden fällige Rechnungen eingezogen.\n\nAlle Schritte: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'SEPA direct debit mandate',
    lang: 'en',
    articleSlug: 'sepa-direct-debit',
    body: 'Hello {customer_name},\n\nTo collect by SEPA direct debit you need a creditor ID and a signed mandate from each customer. Store both in Tallyhaus and due invoices are collected.\n\nAll steps: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Fehler beim Bankabruf',
    lang: 'de',
    articleSlug: 'fehlermeldungen-beim-bankabruf',
    body: 'Hallo {customer_name},\n\ndie meisten Fehler beim Bankabruf lösen sich, wenn Sie die Verbindung zur Bank unter Bankkonten → Verbindung erneuern neu bestätigen (z. B. nach einer neuen PSD2-Freigabe). Die Fehlermeldungen und ihre Lösung finden Sie hier: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Bank sync errors',
    lang: 'en',
    articleSlug: 'bank-sync-error-messages',
    body: 'Hello {customer_name},\n\nMost bank sync errors are solved by confirming the bank connection again under Bank accounts → Renew connection (for example after a new PSD2 consent). The error messages and their fixes: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'DATEV-Export',
    lang: 'de',
    articleSlug: 'datev-export-erstellen',
    body: 'Hallo {customer_name},\n\nden DATEV-Export für Ihre Steuerberatung erstellen Sie unter Export → DATEV; wählen Sie den Zeitraum und prüfen Sie Berater- und Mandantennummer.\n\nAnleitung: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'DATEV export',
    lang: 'en',
    articleSlug: 'datev-export',
    body: 'Hello {customer_name},\n\nCreate the DATEV export for your tax advisor under Export → DATEV; choose the period and check the advisor and client numbers.\n\nInstructions: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Benutzer und Steuerberatung einladen',
    lang: 'de',
    articleSlug: 'benutzer-einladen',
    body: 'Hallo {customer_name},\n\nunter Einstellungen → Benutzer laden Sie Kolleginnen, Kollegen und Ihre Steuerberatung per E-Mail ein und legen ihre Rolle fest.\n\nSo geht es: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Invite users and your tax advisor',
    lang: 'en',
    articleSlug: 'invite-users',
    body: 'Hello {customer_name},\n\nUnder Settings → Users you invite colleagues and your tax advisor by e-mail and choose their role.\n\nHow it works: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Reverse Charge für EU-Kunden',
    lang: 'de',
    articleSlug: 'reverse-charge-eu-kunden',
    body: 'Hallo {customer_name},\n\nbei Firmenkunden in einem anderen EU-Land mit gültiger USt-IdNr. stellen Sie netto mit dem Hinweis auf die Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge) aus. Wählen Sie dazu beim Kunden den Steuerfall „Reverse Charge“.\n\nDetails: {article_link}\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'VAT reverse charge for EU customers',
    lang: 'en',
    articleSlug: 'reverse-charge-for-eu-customers',
    body: 'Hello {customer_name},\n\nFor business customers in another EU country with a valid VAT ID you invoice net, with the reverse-charge note. Choose the tax case "Reverse charge" on the customer.\n\nDetails: {article_link}\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Rückfrage: weitere Angaben nötig',
    lang: 'de',
    articleSlug: null,
    body: 'Hallo {customer_name},\n\nvielen Dank für Ihre Nachricht. Damit wir Ihnen schnell helfen können, schicken Sie uns bitte einen Screenshot der Fehlermeldung und beschreiben Sie, was Sie zuvor getan haben.\n\nViele Grüße\n{agent_name} ({ticket_reference})',
  },
  {
    title: 'Follow-up: more details needed',
    lang: 'en',
    articleSlug: null,
    body: 'Hello {customer_name},\n\nThank you for your message. So that we can help you quickly, please send us a screenshot of the error message and describe what you did just before.\n\nKind regards\n{agent_name} ({ticket_reference})',
  },
];

/**
 * Creates the demo standard answers (on an empty database only). Templates whose article is
 * missing from the content folder are saved without the article link line. Returns them.
 */
export async function seedDemoTemplates(database: Database, store: ArticleStore, templates: readonly TemplateInput[] = DEMO_TEMPLATES, userId: number | null = null): Promise<AnswerTemplate[]> {
  const find = (slug: string) => store.get(slug) ?? null;
  return writeTransaction(database, async (trx) => {
    const saved: AnswerTemplate[] = [];
    for (const template of templates) {
      const article = template.articleSlug ? find(template.articleSlug) : null;
      const usable = article && isPublicArticle(article);
      const input = usable ? template : { ...template, articleSlug: null, body: template.body.replace(/[^\n]*\{article_link\}[^\n]*\n*/g, '') };
      saved.push(await createTemplateInChange(trx, input, userId, find));
    }
    return saved;
  });
}
