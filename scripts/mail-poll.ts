/**
 * npm run mail:poll — reads the support mailbox once (IMAP_URL and the other e-mail channel
 * settings, see the README) into the installation (DATABASE_URL, else DATA_DIR, default ./data) and exits: for a cron job instead
 * of the server's own poller, and for the tests that kill it in the middle of a batch.
 * Exit status 0 after a run, 1 when the channel is off or the run failed.
 */
import path from 'node:path';
import { openDatabase } from '../src/lib/server/platform/db.ts';
import { openConfiguredDatabase } from '../src/lib/server/platform/database/open-configured.ts';
import { parseDeskConfig } from '../src/lib/server/desk/desk-config.ts';
import { bareAddress, parseMailChannelConfig } from '../src/lib/server/mail/mail-config.ts';
import { ImapPoller } from '../src/lib/server/mail/imap-poller.ts';
import { setMessageIdDomain } from '../src/lib/server/mail/outbox.ts';
import { loadStatusLinkKey, setStatusLinkKey } from '../src/lib/server/mail/status-link-seal.ts';
import { attachmentsDir } from '../src/lib/server/attachments/attachment-store.ts';
import { parseAttachmentLimits } from '../src/lib/server/attachments/attachment-types.ts';

const desk = parseDeskConfig(process.env);
const channel = parseMailChannelConfig(process.env, desk);
if (!channel) {
  console.error('mail:poll: IMAP_URL is not set, the e-mail channel is off');
  process.exit(1);
}
setMessageIdDomain(bareAddress(desk.mailFrom).split('@')[1] ?? '');
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
setStatusLinkKey(loadStatusLinkKey(process.env.STATUS_LINK_KEY, dataDir));
const db = openDatabase(dataDir);
const database = await openConfiguredDatabase(db);
const poller = new ImapPoller({
  database,
  config: desk,
  settings: channel.imap,
  inbound: { supportAddresses: channel.supportAddresses, ratePerHour: channel.ratePerHour },
  attachments: { dir: attachmentsDir(dataDir), limits: parseAttachmentLimits(process.env) },
});
try {
  const report = await poller.poll();
  console.log(JSON.stringify(report));
} catch (error) {
  console.error(`mail:poll: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
  db.close();
}
