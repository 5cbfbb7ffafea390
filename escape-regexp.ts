/** `text` with every character a regular expression gives meaning to escaped, to match it literally. */
export function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
