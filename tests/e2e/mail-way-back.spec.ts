/**
 * The e-mail way back, in Chromium against the built server and the test's real SMTP server:
 * an upload on the ticket form with a refused type (the text is kept, nothing is created; the
 * accepted file goes through), the confirmation mail's article suggestions, a staff reply with
 * an attachment that arrives as a real mail attachment and carries the private link (the
 * second mail of the ticket), the customer's download of it through the status page, "send me
 * my link again", and "this solved it" (GET asks, POST closes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForMail } from './support/mail.ts';
import { addStaffAccounts, logInAs } from './support/staff.ts';

const PASSWORD = 'e2e-mail-way-back-password';
const RUN = Date.now().toString(36);
const ADMIN = { email: `wayback.admin.${RUN}@tierzero.test`, name: `Wanda Wayback ${RUN}`, role: 'admin' };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d4a1f60000000049454e44ae426082', 'hex');

test.beforeAll(() => addStaffAccounts([ADMIN], PASSWORD));

function rawMail(file: string): string {
  return fs.readFileSync(path.join(process.env.E2E_MAIL_DIR!, file), 'utf8');
}

test('uploads, a staff attachment by mail, the link in every mail, link again and "this solved it"', async ({ browser }) => {
  test.setTimeout(90_000);
  const customerContext = await browser.newContext({ locale: 'en-US' });
  const customer = await customerContext.newPage();
  const email = `wanda.customer.${RUN}@example.com`;
  const subject = `Create a DATEV export for my tax advisor ${RUN}`;
  const description = 'How do I create the DATEV export for my tax advisor? The log is attached.';

  // 1. A refused type: a clear message at the file field, every text field kept, nothing created.
  await customer.goto('/tickets/new');
  await customer.getByLabel('Your name').fill('Wanda Customer');
  await customer.getByLabel('Your e-mail address').fill(email);
  await customer.getByLabel('Subject').fill(subject);
  await customer.getByLabel('Your question or problem').fill(description);
  await customer.getByLabel('Topic').selectOption('export');
  await customer.getByLabel('Answer me in').selectOption('en');
  await customer.getByLabel('Attach files (optional)').setInputFiles([
    { name: 'page.html', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') },
    { name: 'screenshot.png', mimeType: 'image/png', buffer: PNG },
  ]);
  await customer.getByRole('button', { name: 'Send request' }).click();
  await expect(customer.locator('[data-upload-error]')).toContainText('“page.html” cannot be attached');
  await expect(customer.locator('[data-upload-error]')).toContainText('please choose the files again');
  await expect(customer.getByLabel('Your name')).toHaveValue('Wanda Customer');
  await expect(customer.getByLabel('Your e-mail address')).toHaveValue(email);
  await expect(customer.getByLabel('Subject')).toHaveValue(subject);
  await expect(customer.getByLabel('Your question or problem')).toHaveValue(description);
  await expect(customer.getByLabel('Topic')).toHaveValue('export');

  // Re-picking only the accepted file sends the request.
  await customer.getByLabel('Attach files (optional)').setInputFiles([{ name: 'export.log', mimeType: 'text/plain', buffer: Buffer.from('ERROR client number 123456\n') }]);
  await customer.getByRole('button', { name: 'Send request' }).click();
  const reference = (await customer.locator('[data-ticket-reference]').first().textContent())!.trim();
  const statusPath = new URL(await customer.locator('[data-ticket-link]').inputValue()).pathname;
  const token = statusPath.split('/').pop()!;

  // The confirmation: the private link and suggested articles, each with "this solved it".
  const confirmation = await waitForMail((mail) => mail.to.includes(email) && mail.subject.startsWith(`[${reference}] We received your request`), 15_000);
  expect(confirmation.text).toContain(`/tickets/status/${token}`);
  expect(confirmation.text).toContain('These articles may already answer your question:');
  const solvedLink = /(http\S+\/tickets\/status\/\S+\/solved\?article=\S+)/.exec(confirmation.text)?.[1];
  expect(solvedLink).toBeDefined();
  expect(new URL(solvedLink!).pathname).toBe(`${statusPath}/solved`);

  // 2. A staff reply with an attachment: a real mail attachment, and the link again.
  const staff = await logInAs(browser, ADMIN.email, PASSWORD);
  await staff.goto(`/staff/tickets/${reference}`);
  await expect(staff.locator('[data-attachments]')).toContainText('export.log');
  await staff.getByLabel('Reply to the customer').fill('Here are the steps as a picture.');
  await staff.locator('input[data-reply-files]').setInputFiles([{ name: 'steps.png', mimeType: 'image/png', buffer: PNG }]);
  await staff.getByRole('button', { name: 'Send reply' }).click();
  await expect(staff.locator('[data-done="reply"]')).toBeVisible();
  const reply = await waitForMail((mail) => mail.to.includes(email) && mail.subject.startsWith(`[${reference}] New reply to your request`), 15_000);
  expect(reply.text).toContain('Here are the steps as a picture.');
  expect(reply.text).toContain(`/tickets/status/${token}`);
  const raw = rawMail(reply.file);
  expect(raw).toMatch(/Content-Disposition: attachment; filename=("?)steps\.png\1/i);
  expect(raw).toMatch(/Content-Type: image\/png/i);
  await staff.context().close();

  // The customer downloads it from the status page.
  await customer.goto(statusPath);
  const link = customer.locator('[data-attachments] a', { hasText: 'steps.png' });
  await expect(link).toBeVisible();
  const download = await customer.request.get(new URL((await link.getAttribute('href'))!, customer.url()).href);
  expect(download.status()).toBe(200);
  expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);

  // 3. "Send me my link again": the same answer, and one mail with the link.
  await customer.goto('/tickets/status');
  await customer.getByLabel('Your e-mail address').fill(email.toUpperCase());
  await customer.getByRole('button', { name: 'Send my links' }).click();
  await expect(customer.locator('[data-links-sent]')).toBeVisible();
  const links = await waitForMail((mail) => mail.to.toLowerCase().includes(email) && mail.subject === 'Your personal links to your requests', 15_000);
  expect(links.text).toContain(reference);
  expect(links.text).toContain(`/tickets/status/${token}`);
  await customer.goto('/tickets/status');
  await customer.getByLabel('Your e-mail address').fill(`nobody.${RUN}@example.com`);
  await customer.getByRole('button', { name: 'Send my links' }).click();
  await expect(customer.locator('[data-links-sent]')).toBeVisible();

  // 4. "This solved it": the GET only asks; the button closes the request.
  await customer.goto(new URL(solvedLink!).pathname + new URL(solvedLink!).search);
  await expect(customer.locator('[data-solved-form]')).toBeVisible();
  await customer.goto(statusPath);
  await expect(customer.locator('[data-ticket-status]')).not.toHaveAttribute('data-ticket-status', 'closed');
  await customer.goto(new URL(solvedLink!).pathname + new URL(solvedLink!).search);
  await customer.getByRole('button', { name: 'Yes, it is solved — close my request' }).click();
  await expect(customer).toHaveURL(`${statusPath}?solved=1`);
  await expect(customer.locator('[data-solved-done]')).toBeVisible();
  await expect(customer.locator('[data-ticket-status]')).toHaveAttribute('data-ticket-status', 'closed');
  await customerContext.close();
});
