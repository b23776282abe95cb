// Text a person reads on a terminal shows control characters, never sends them: a name holding ESC,
// BEL, CR or NUL could otherwise retitle the window, clear the screen or overwrite rows. Every
// human view (tables, ✓ lines, warnings, errors, prompts) passes data it did not write itself
// through here; JSON and CSV carry the data as it is.

// C0 controls but tab and line feed, DEL, and the C1 controls (U+0080-U+009F, which some terminals
// read as escape sequences: U+009B is CSI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Replaces each control character by a visible stand-in: C0 controls and DEL by their Unicode
 * control pictures (ESC -> ␛, BEL -> ␇, CR -> ␍, NUL -> ␀), C1 controls by `<U+009B>`. Tab and
 * line feed are kept.
 */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}
