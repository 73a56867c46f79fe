/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The reader's interface language: cookie, else Accept-Language, else English. */
    lang: import('./lib/languages.ts').Lang;
  }
}
