/** Text from SES or the inputs made safe for a terminal. */

/**
 * `text` without terminal control characters (C0 but tab, DEL, C1: escape sequences, carriage returns,
 * bells, line breaks), each shown as `?`: names and messages from SES can never drive the terminal.
 */
export function printable(text: string): string {
    return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, "?");
}

/** Multi-line `text` made safe for a terminal: each line by {@link printable}, the line breaks kept. */
export function printableLines(text: string): string {
    return text
        .split("\n")
        .map((line) => printable(line.replace(/\r$/, "")))
        .join("\n");
}
