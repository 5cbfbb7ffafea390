/**
 * Record names and values whose parts may not be known yet: the DKIM tokens before SES issues them, the region
 * before a provider reports it, a BYODKIM public key SES never returns. Such a text is a list of pieces, each
 * a known string or an {@link OpenPart} that says what is missing; every consumer renders or matches the open
 * parts in its own way, and no placeholder ever sits inside a record value.
 */

/** Marks an input of an identity's spec that is not known (yet). */
export const OPEN: unique symbol = Symbol("open");

/** The type of {@link OPEN}. */
export type Open = typeof OPEN;

/** A spec input that is known, or {@link OPEN}. */
export type Knowable<T> = T | Open;

/** One part of a record's name or value that is not known, and which input it stands for. */
export type OpenPart =
    /** The identity's domain. */
    | { part: "domain" }
    /** The identity's region, inside a value (the MAIL FROM MX host). */
    | { part: "region" }
    /** The Easy DKIM zone of the identity's region (`dkim.amazonses.com` or `dkim.<region>.amazonses.com`). */
    | { part: "dkim-domain" }
    /** The Easy DKIM token at `index` (0-based) of the tokens SES issues. */
    | { part: "dkim-token"; index: number }
    /** The BYODKIM selector at `index` (0-based). */
    | { part: "dkim-selector"; index: number }
    /** The BYODKIM public key (base64 DER). */
    | { part: "public-key" }
    /** The SES v1 `_amazonses` verification token. */
    | { part: "verification-token" }
    /** The custom MAIL FROM domain. */
    | { part: "mail-from-domain" };

/** One piece of a record text: known text, or a part that is open. */
export type TextPiece = string | OpenPart;

/** A record name or value: its pieces in order, joined without separators. */
export type RecordText = readonly TextPiece[];

/** True when `value` is {@link OPEN}. */
export function isOpen<T>(value: Knowable<T>): value is Open {
    return value === OPEN;
}

/** `value` as a text piece: the string (through `known` when given), or `part` when it is open. */
export function piece(value: Knowable<string>, part: OpenPart, known: (v: string) => string = (v) => v): TextPiece {
    return isOpen(value) ? part : known(value);
}

/** The open parts of a text, in order. */
export function openParts(text: RecordText): OpenPart[] {
    return text.filter((p): p is OpenPart => typeof p !== "string");
}

/** The text when every piece is known, else undefined. */
export function knownText(text: RecordText): string | undefined {
    return text.every((p) => typeof p === "string") ? text.join("") : undefined;
}

/** The text with each open part written as `render` says (a placeholder for a message, say). */
export function renderText(text: RecordText, render: (part: OpenPart) => string): string {
    return text.map((p) => (typeof p === "string" ? p : render(p))).join("");
}

/** The known text after the last open part (the whole text when none is open): `._domainkey.example.com` of `<token>._domainkey.example.com`. */
export function knownTail(text: RecordText): string {
    let start = text.length;
    while (start > 0 && typeof text[start - 1] === "string") start--;
    return text.slice(start).join("");
}
