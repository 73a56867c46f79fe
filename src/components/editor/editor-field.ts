/**
 * The attributes a content editor's controls share: ids under one prefix, `aria-invalid` on
 * the refused field, and `aria-describedby` naming the hint and (when refused) the message
 * that EditorField.astro renders. One refused field at a time.
 */

/** The helpers for one form: `id('title')`, `invalid('title')`, `describedBy('title', true)`, `error('title')`. */
export function editorFieldHelpers(prefix: string, errorField: string | null, errorMessage: string | null) {
  const id = (name: string): string => `${prefix}-${name}`;
  return {
    id,
    invalid: (name: string): 'true' | undefined => (errorField === name ? 'true' : undefined),
    /** The hint (when the field has one) and the message (when refused). */
    describedBy: (name: string, hasHint = false): string | undefined =>
      [hasHint ? id(`${name}-hint`) : undefined, errorField === name ? id(`${name}-error`) : undefined].filter(Boolean).join(' ') || undefined,
    /** The message for the field when it was refused, else null. */
    error: (name: string): string | null => (errorField === name ? errorMessage : null),
  };
}
