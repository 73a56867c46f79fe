/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The reader's interface language: cookie, else Accept-Language, else English. */
    lang: import('./lib/languages.ts').Lang;
    /** The signed-in staff member (from the tz_session cookie), or null for the public. */
    user: import('./lib/server/accounts/users.ts').User | null;
    /** The signed-in staff member's session, or null. */
    session: import('./lib/server/accounts/session.ts').Session | null;
    /** Set by the search page: how many results it found (the middleware caches the page with it). */
    searchResultCount?: number;
  }
}
