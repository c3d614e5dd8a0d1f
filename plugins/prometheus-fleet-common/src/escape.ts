/**
 * Text from outside (catalog values, labels at a global) with everything but
 * printable ASCII escaped as `\uXXXX`, for messages: a look-alike letter, an
 * invisible or reordering character, a terminal control sequence or a NUL
 * (which PostgreSQL text cannot store) shows as what it is.
 */
export function escapeUnprintable(text: string): string {
  return text.replace(
    /[^\x20-\x7e]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
