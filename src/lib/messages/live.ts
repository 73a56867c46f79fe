/**
 * Interface texts of the live desk: the collision warning on a ticket ("Mara is viewing /
 * replying") and the staff notifications (bell, page, the kinds of notification): every
 * `live.*` key, in English and German.
 */
export const en = {
  'live.presence.label': 'Other agents on this ticket',
  'live.presence.viewing': '{name} is viewing',
  'live.presence.replying': '{name} is replying',
  'live.bell': 'Notifications',
  'live.bell.unread': 'Notifications, {count} unread',
  'live.page.title': 'Notifications',
  'live.page.empty': 'No notifications yet.',
  'live.page.unread': 'Unread',
  'live.markRead': 'Mark read',
  'live.markAllRead': 'Mark all read',
  'live.done.read': 'Marked as read.',
  'live.done.allRead': 'All notifications are marked as read.',
  'live.error.notFound': 'This notification does not exist (any more).',
  'live.kind.assigned': '{reference} was assigned to you',
  'live.kind.handed_back': '{reference} was handed back to you',
  'live.kind.advice': 'Advice from level 3 arrived on {reference}',
  'live.kind.customer_reply': 'The customer replied on {reference}',
  'live.kind.article_validated': 'Your article “{title}” was validated',
  'live.kind.article_flagged': 'Your article “{title}” was flagged',
  'live.by': 'by {name}',
};

export const de: Record<keyof typeof en, string> = {
  'live.presence.label': 'Andere Agenten auf diesem Ticket',
  'live.presence.viewing': '{name} sieht sich das Ticket an',
  'live.presence.replying': '{name} schreibt eine Antwort',
  'live.bell': 'Benachrichtigungen',
  'live.bell.unread': 'Benachrichtigungen, {count} ungelesen',
  'live.page.title': 'Benachrichtigungen',
  'live.page.empty': 'Noch keine Benachrichtigungen.',
  'live.page.unread': 'Ungelesen',
  'live.markRead': 'Als gelesen markieren',
  'live.markAllRead': 'Alle als gelesen markieren',
  'live.done.read': 'Als gelesen markiert.',
  'live.done.allRead': 'Alle Benachrichtigungen sind als gelesen markiert.',
  'live.error.notFound': 'Diese Benachrichtigung gibt es nicht (mehr).',
  'live.kind.assigned': '{reference} wurde Ihnen zugewiesen',
  'live.kind.handed_back': '{reference} wurde an Sie zurückgegeben',
  'live.kind.advice': 'Rat von Level 3 zu {reference} ist da',
  'live.kind.customer_reply': 'Der Kunde hat auf {reference} geantwortet',
  'live.kind.article_validated': 'Ihr Artikel „{title}“ wurde freigegeben',
  'live.kind.article_flagged': 'Ihr Artikel „{title}“ wurde gemeldet',
  'live.by': 'von {name}',
};
