/**
 * Wildcard matching without regular expressions: `*` matches any run of characters and, where asked, `?` any
 * one character. The two-pointer walk below remembers only the last `*`, so a pattern with many `*` against a
 * long name costs at most (name length x pattern length) steps, never the exponential backtracking a
 * `^a.*b.*c.*$` regular expression can take.
 */

/** True when `text` matches `pattern` in full; `?` is a wildcard only when `questionMark` is set. */
export function wildcardMatches(pattern: string, text: string, questionMark = false): boolean {
    let p = 0;
    let t = 0;
    let star = -1;
    let resume = 0;
    while (t < text.length) {
        const c = pattern[p];
        if (p < pattern.length && c !== "*" && (c === text[t] || (questionMark && c === "?"))) {
            p++;
            t++;
        } else if (p < pattern.length && c === "*") {
            star = p++;
            resume = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") p++;
    return p === pattern.length;
}
