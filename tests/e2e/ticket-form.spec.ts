/**
 * The customer's side of the support desk against the built server: from a search without
 * results to the ticket form (suggestions while typing), bad input (empty, oversized, HTML
 * and script in every text field — kept, shown as text, never run), a valid ticket, the
 * confirmation with reference and private link, the status page with the thread, a
 * customer reply, and the confirmation e-mail at the test SMTP server. Also: "This
 * answered my question" (a deflection, no ticket), the honeypot, wrong tokens (a plain 404)
 * and axe on every state of these pages.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { waitForMail } from './support/mail.ts';

/** Fails with a readable list when axe finds serious or critical violations. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = serious
    .map((violation) => `[${violation.impact}] ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    - ${node.target.join(' ')}`).join('\n')}`)
    .join('\n\n');
  expect(serious.length, `axe violations (${what}) on ${page.url()}:\n\n${report}`).toBe(0);
}

/** Reads the test server's database (read-only, while it runs). */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error('E2E_DATA_DIR is not set: run the tests through playwright.config.ts');
  const db = new Database(path.join(dataDir, 'tierzero.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Changes the test server's database directly (to reach states the customer cannot cause). */
function execute(sql: string, ...params: unknown[]): void {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, 'tierzero.sqlite'), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

function ticketCount(): number {
  return query<{ n: number }>('SELECT COUNT(*) AS n FROM tickets')[0].n;
}

const SCRIPT = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 1">';
const NO_RESULTS = 'qwertzuiop flurbelgrax';

test('a failed search leads to the ticket form, which checks input, creates the ticket, shows the status and sends the mail', async ({ page, browser }) => {
  test.setTimeout(90_000);
  // A search without results offers the ticket form and carries the query along.
  await page.goto(`/search?q=${encodeURIComponent(NO_RESULTS)}`);
  await expect(page.getByText(`No articles match “${NO_RESULTS}”.`)).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: 'Open a support request' }).click();
  await expect(page).toHaveURL(`/tickets/new?q=${encodeURIComponent(NO_RESULTS).replace(/%20/g, '+')}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Open a support request' })).toBeVisible();
  await expect(page.getByText(`You searched for “${NO_RESULTS}”.`)).toBeVisible();
  await expect(page.getByLabel('Subject')).toHaveValue(NO_RESULTS);
  await expect(page.getByLabel('Answer me in')).toHaveValue('en');
  await expectNoSeriousViolations(page, 'empty form');

  // Suggestions appear while typing, and are announced politely.
  await page.getByLabel('Subject').fill('reset password');
  const suggestions = page.getByRole('complementary', { name: 'Maybe these articles help' });
  await expect(suggestions.getByRole('listitem').first()).toBeVisible();
  const count = await suggestions.getByRole('listitem').count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(5);
  await expect(suggestions.getByRole('status')).toHaveText(/articles? may answer your question/);
  await expect(suggestions.getByRole('button', { name: 'This answered my question' }).first()).toBeVisible();
  await expectNoSeriousViolations(page, 'form with suggestions');

  // Bad input: empty name, invalid e-mail, oversized subject (a client that ignores maxlength),
  // no topic, script in the text fields. Nothing is created, everything is kept.
  const before = ticketCount();
  await page.evaluate(() => document.querySelectorAll('[maxlength]').forEach((field) => field.removeAttribute('maxlength')));
  const longSubject = `${SCRIPT} ${'s'.repeat(250)}`;
  await page.getByLabel('Your name').fill('');
  await page.getByLabel('Your e-mail address').fill('not-an-address');
  await page.getByLabel('Subject').fill(longSubject);
  await page.getByLabel('Your question or problem').fill('');
  const response = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/tickets/new'));
  await page.getByRole('button', { name: 'Send request' }).click();
  expect((await response).status()).toBe(400);
  const errors = page.locator('[data-ticket-errors]');
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('Please enter your name.');
  await expect(errors).toContainText('Please enter a valid e-mail address');
  await expect(errors).toContainText('The subject can be at most 200 characters long.');
  await expect(errors).toContainText('Please describe your question or problem.');
  await expect(errors).toContainText('Please choose a topic from the list.');
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Subject')).toHaveValue(longSubject);
  await expect(page.getByLabel('Your e-mail address')).toHaveValue('not-an-address');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(ticketCount()).toBe(before);
  await expectNoSeriousViolations(page, 'form with errors');

  // HTML in every text field of a valid ticket: stored and shown as text.
  const email = `e2e.customer.${Date.now()}@example.com`;
  const name = `Ada <b>Bold</b> ${SCRIPT}`;
  const subject = `Export fails <i>sometimes</i> ${SCRIPT}`;
  const description = `When I export, nothing happens.\n${SCRIPT}\nSecond line.`;
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Your e-mail address').fill(email);
  await page.getByLabel('Subject').fill(subject);
  await page.getByLabel('Your question or problem').fill(description);
  await page.getByLabel('Topic').selectOption({ label: 'Export & interfaces' });
  // An impatient double click sends the request once.
  await page.getByRole('button', { name: 'Send request' }).dblclick();

  // Confirmation: reference, private link, e-mail note; the token is not in the URL.
  await expect(page).toHaveURL('/tickets/created');
  await expect(page.getByRole('heading', { level: 1, name: 'Your request has been received' })).toBeVisible();
  const reference = (await page.locator('[data-ticket-reference]').textContent())!.trim();
  expect(reference).toMatch(/^T-\d{4}-\d{6}$/);
  const link = await page.getByLabel('Your private link').inputValue();
  expect(link).toMatch(/\/tickets\/status\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText(`We have also sent the link to ${email}.`)).toBeVisible();
  expect(ticketCount()).toBe(before + 1);
  await expectNoSeriousViolations(page, 'confirmation');
  // Reloading the confirmation does not create another ticket.
  await page.reload();
  await expect(page.locator('[data-ticket-reference]')).toHaveText(reference);
  expect(ticketCount()).toBe(before + 1);

  // The status page: status in words, the thread as text, no caching.
  const statusPath = new URL(link).pathname;
  const statusResponse = await page.goto(statusPath);
  expect(statusResponse?.status()).toBe(200);
  expect(statusResponse?.headers()['cache-control']).toBe('no-store');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Your request ${reference}`);
  await expect(page.locator('[data-ticket-status]')).toContainText('Received');
  await expect(page.locator('[data-ticket-subject]')).toHaveText(subject);
  const thread = page.locator('[data-ticket-thread]');
  await expect(thread.locator('[data-thread-message="customer"]')).toHaveCount(1);
  await expect(thread.locator('[data-thread-message="customer"] .thread-body')).toHaveText(description);
  await expect(thread).toContainText('Request opened');
  expect(await page.locator('main script, main img[src="x"], main b, main i').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expectNoSeriousViolations(page, 'status page');

  // Each fact once: the reference (in the heading) and the status (beside it).
  const mainText = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  expect(mainText.split(reference).length - 1).toBe(1);
  expect(mainText.split('Received').length - 1).toBe(1);
  // Times in the customer's zone, never "UTC": Europe/Berlin without JavaScript, the browser's zone with it.
  expect(mainText).not.toContain('UTC');
  const inZone = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
  for (const [timeZone, javaScriptEnabled] of [['Europe/Berlin', false], ['America/New_York', true], ['Asia/Kolkata', true]] as const) {
    const context = await browser.newContext({ javaScriptEnabled, timezoneId: timeZone === 'Europe/Berlin' ? 'Asia/Tokyo' : timeZone });
    const reader = await context.newPage();
    await reader.goto(statusPath);
    const times = reader.locator('main time[data-local-time]');
    expect(await times.count()).toBeGreaterThan(1);
    for (const time of await times.all()) await expect(time).toHaveText(inZone((await time.getAttribute('datetime'))!, timeZone));
    await context.close();
  }

  // An empty reply is refused with a message; a real one is added to the thread.
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please write your message.');
  await page.getByLabel('Your message').fill(`Any news? ${SCRIPT}`);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page).toHaveURL(`${statusPath}?replied=1`);
  await expect(page.getByText('Your reply has been sent.')).toBeVisible();
  await expect(thread.locator('[data-thread-message="customer"]')).toHaveCount(2);
  await expect(thread.locator('[data-thread-message="customer"]').nth(1).locator('.thread-body')).toHaveText(`Any news? ${SCRIPT}`);

  // The confirmation e-mail reached the test SMTP server, with the private link.
  const mail = await waitForMail((received) => received.envelopeTo.includes(email) && received.subject.includes(reference));
  expect(mail.subject).toContain('We received your request');
  expect(mail.text).toContain(link);
  expect(mail.text).toContain(reference);
});

test('"This answered my question" records a deflection and creates no ticket', async ({ page }) => {
  const tickets = ticketCount();
  const deflections = query<{ n: number }>('SELECT COUNT(*) AS n FROM deflections')[0].n;
  await page.goto('/tickets/new');
  await page.getByLabel('Subject').fill('change my password');
  const suggestions = page.getByRole('complementary', { name: 'Maybe these articles help' });
  const first = suggestions.getByRole('listitem').first();
  await expect(first).toBeVisible();
  const title = (await first.getByRole('link').textContent())!.trim();
  // The settled query is logged once, as a search from the ticket form.
  await expect.poll(() => query<{ n: number }>("SELECT COUNT(*) AS n FROM search_log WHERE source = 'ticket-form' AND query = 'change my password'")[0].n, { timeout: 8000 }).toBe(1);

  // Keyboard: Tab from the link reaches its button.
  await first.getByRole('link').focus();
  await page.keyboard.press('Tab');
  await expect(first.getByRole('button', { name: 'This answered my question' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tickets\/answered\?article=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Glad we could help' })).toBeVisible();
  await expect(page.getByText('No request has been sent.')).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  const rows = query<{ query: string; article_slug: string; lang: string }>('SELECT query, article_slug, lang FROM deflections ORDER BY id DESC LIMIT 1');
  expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM deflections')[0].n).toBe(deflections + 1);
  expect(rows[0]).toMatchObject({ query: 'change my password', lang: 'en' });
  expect(new URL(page.url()).searchParams.get('article')).toBe(rows[0].article_slug);
  // A reload of the thank-you page records nothing more.
  await page.reload();
  expect(query<{ n: number }>('SELECT COUNT(*) AS n FROM deflections')[0].n).toBe(deflections + 1);
  expect(ticketCount()).toBe(tickets);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the article help box carries the article along, and a filled honeypot creates no ticket', async ({ page }) => {
    await page.goto('/articles/datev-export?q=datev');
    await page.getByRole('complementary', { name: 'Still need help?' }).getByRole('button', { name: 'Open a support request' }).click();
    await expect(page).toHaveURL('/tickets/new?article=datev-export&q=datev');
    await expect(page.locator('[data-context-article]')).toBeVisible();
    await expect(page.getByLabel('Topic')).toHaveValue('export');
    // Without JavaScript the server already suggests articles for the search the customer came from.
    await expect(page.getByRole('complementary', { name: 'Maybe these articles help' }).getByRole('listitem').first()).toBeVisible();

    // The honeypot is hidden from people but labelled for screen readers, out of the tab order.
    const honeypot = page.getByLabel('Leave this field empty');
    await expect(honeypot).toHaveAttribute('tabindex', '-1');
    await expect(honeypot).toHaveAttribute('autocomplete', 'off');

    const before = ticketCount();
    await page.getByLabel('Your name').fill('Robot');
    await page.getByLabel('Your e-mail address').fill('robot@example.com');
    await page.getByLabel('Subject').fill('Buy cheap things');
    await page.getByLabel('Your question or problem').fill('Visit my site.');
    await honeypot.fill('http://spam.example', { force: true });
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send request' }).click();
    expect((await response).status()).toBe(400);
    await expect(page.getByRole('heading', { level: 1, name: 'Request not sent' })).toBeVisible();
    expect(ticketCount()).toBe(before);
  });

  test('the form works without JavaScript: errors re-rendered, then the ticket and its status page', async ({ page }) => {
    await page.goto('/tickets/new');
    await page.getByLabel('Your name').fill('Nora NoScript');
    await page.getByLabel('Subject').fill('Invoice numbers');
    await page.getByLabel('Your question or problem').fill('How do I change the number format?');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page.locator('[data-ticket-errors]')).toContainText('Please enter your e-mail address.');
    await expect(page.getByLabel('Your name')).toHaveValue('Nora NoScript');
    await expect(page.getByLabel('Your question or problem')).toHaveValue('How do I change the number format?');
    await page.getByLabel('Your e-mail address').fill('nora@example.com');
    await page.getByLabel('Topic').selectOption('invoices');
    await page.getByLabel('Answer me in').selectOption('de');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(page).toHaveURL('/tickets/created');
    const link = await page.getByLabel('Your private link').inputValue();
    const statusPath = new URL(link).pathname;
    await page.goto(statusPath);
    await expect(page.locator('[data-ticket-subject]')).toHaveText('Invoice numbers');
    const reference = (await page.locator('[data-ticket-reference]').textContent())!.trim();

    // Once the ticket is closed, the page says so (in the reader's language) and replies are refused.
    execute("UPDATE tickets SET status = 'closed', solved_at = ?, closed_at = ?, version = version + 1 WHERE reference = ?", Date.now(), Date.now(), reference);
    await page.reload();
    await expect(page.locator('[data-ticket-status]')).toContainText('Closed');
    await expect(page.locator('[data-replies-closed]')).toContainText('Replies are closed for this request.');
    await expect(page.locator('[data-reply-form]')).toHaveCount(0);
    const origin = new URL(page.url()).origin;
    const token = statusPath.split('/').pop()!;
    const refused = await page.request.post(`${statusPath}?_action=tickets.reply`, { form: { token, message: 'Hello again' }, headers: { Origin: origin } });
    expect(refused.status()).toBe(409);
    expect(query<{ n: number }>("SELECT COUNT(*) AS n FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.reference = ?", reference)[0].n).toBe(1);
    await page.context().addCookies([{ name: 'tz_lang', value: 'de', url: origin }]);
    await page.reload();
    await expect(page.locator('[data-ticket-status]')).toContainText('Geschlossen');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Ihre Anfrage ${reference}`);
  });
});

test('wrong or guessed tokens get the same plain 404 as any unknown page', async ({ page }) => {
  const unknown = await page.goto('/no-such-page');
  expect(unknown?.status()).toBe(404);
  const expected = await page.getByRole('main').innerText();
  for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'short', "1' OR '1'='1", '../../etc/passwd']) {
    const response = await page.goto(`/tickets/status/${encodeURIComponent(token)}`);
    expect(response?.status(), token).toBe(404);
    expect(await page.getByRole('main').innerText()).toBe(expected);
    await expect(page.locator('[data-ticket-reference], [data-reply-form]')).toHaveCount(0);
  }
  // A reply posted with a wrong token is a 404 too, and changes nothing.
  const token = 'B'.repeat(43);
  const reply = await page.request.post(`/tickets/status/${token}?_action=tickets.reply`, {
    form: { token, message: 'hello' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(reply.status()).toBe(404);
});

test('/tickets/status without a token explains where the link is and offers to send it again', async ({ page }) => {
  const response = await page.goto('/tickets/status');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Follow your request' })).toBeVisible();
  await expect(page.getByText('open the personal link in any of our e-mails')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Send me my link again' })).toBeVisible();
  // Not an address: a clear message, the input kept.
  await page.getByLabel('Your e-mail address').fill('not-an-address');
  await page.getByRole('button', { name: 'Send my links' }).click();
  await expect(page.getByRole('alert')).toContainText('Please enter a valid e-mail address');
  await expect(page.getByLabel('Your e-mail address')).toHaveValue('not-an-address');
  await expectNoSeriousViolations(page, 'status help page');
});

test('"Contact support" in the header means the contact page, which offers the ticket form; cross-site posts are refused', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Contact support' })).toHaveAttribute('href', '/en/contact');
  await page.getByRole('banner').getByRole('link', { name: 'Contact support' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact support');
  await expect(page.getByRole('main').getByRole('link', { name: 'Open a support request' })).toHaveAttribute('href', '/tickets/new');
  const before = ticketCount();
  const response = await request.post('/tickets/new?_action=tickets.create', {
    form: { name: 'Eve', email: 'eve@example.com', subject: 'CSRF', description: 'x', category: 'account', lang: 'en' },
    headers: { Origin: 'https://evil.example' },
  });
  expect(response.status()).toBe(403);
  expect(ticketCount()).toBe(before);
});
