/**
 * The e-mail copy of "your article was validated / flagged" names the article by its title
 * (the slug only when no title is known), in the recipient's language.
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, useDatabase } from '../engines.ts';
import { listOutbox } from '../../../src/lib/server/mail/outbox.ts';
import { writeTransaction } from '../../../src/lib/server/platform/database/write-transaction.ts';
import { notifyInChange } from '../../../src/lib/server/notifications/staff-notifications.ts';
import { setNotificationMailSetting, setNotificationSiteUrl } from '../../../src/lib/server/notifications/notification-mail.ts';
import { deskStaff, NOW } from '../desk/fixture.ts';

describe.each(ENGINES)('article notification e-mails on %s', (engine) => {
  const env = useDatabase(engine);

  it('say the article title, in the chosen language, and fall back to the slug', async () => {
    const { database } = env.current;
    setNotificationSiteUrl('https://help.example.com');
    const { first, second } = await deskStaff(database);
    await setNotificationMailSetting(database, first.id, { byEmail: true, lang: 'de' });
    await writeTransaction(database, (trx) =>
      notifyInChange(trx, { userId: first.id, kind: 'article_validated', articleSlug: 'dunning-fees', articleTitle: 'Mahngebühren abschalten', actorId: second.id, at: NOW }),
    );
    await writeTransaction(database, (trx) => notifyInChange(trx, { userId: first.id, kind: 'article_flagged', articleSlug: 'dunning-fees', actorId: second.id, at: NOW + 1 }));
    const { email } = await database.kysely.selectFrom('users').select('email').where('id', '=', first.id).executeTakeFirstOrThrow();
    const mails = (await listOutbox(database)).filter((mail) => mail.to === email).sort((a, b) => a.id - b.id);
    expect(mails.map((mail) => mail.subject)).toEqual([expect.stringContaining('„Mahngebühren abschalten“ wurde freigegeben'), expect.stringContaining('„dunning-fees“ wurde gemeldet')]);
    expect(mails[0]!.body).toContain('https://help.example.com/staff/articles/dunning-fees');
  });
});
