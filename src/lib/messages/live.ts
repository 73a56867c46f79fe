/**
 * Interface texts of the live desk: the collision warning on a ticket ("Mara is viewing /
 * replying") and the staff notifications (bell, page, the kinds of notification): every
 * `live.*` key, in English and German.
 */
export const en = {
  'live.presence.label': 'Other agents on this ticket',
  'live.presence.viewing': '{name} is viewing',
  'live.presence.replying': '{name} is replying',
};

export const de: Record<keyof typeof en, string> = {
  'live.presence.label': 'Andere Agenten auf diesem Ticket',
  'live.presence.viewing': '{name} sieht sich das Ticket an',
  'live.presence.replying': '{name} schreibt eine Antwort',
};
