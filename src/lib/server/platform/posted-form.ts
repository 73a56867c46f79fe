/**
 * What a refused form posted, read back to show it again: a text field ('' when absent or a
 * file) and a checkbox group (the ticked values). Null when the body cannot be read as a form.
 */
export interface PostedForm {
  text(name: string): string;
  list(name: string): string[];
}

export async function readPostedForm(request: Request): Promise<PostedForm | null> {
  const form = await request.formData().catch(() => null);
  if (!form) return null;
  return {
    text: (name) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    },
    list: (name) => form.getAll(name).filter((value): value is string => typeof value === 'string'),
  };
}
