/** "Did you mean": the known name closest to a misspelt one, for messages about keys and names the user typed. */

/** Levenshtein distance, with a transposition counted as one edit. */
export function editDistance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}

/**
 * The name of `known` closest to `name` (compared without case), when it is at most `maxDistance` edits away
 * (default: a third of the name's length, at least 2); undefined when none is that close.
 */
export function closestName(name: string, known: Iterable<string>, maxDistance = Math.max(2, Math.floor(name.length / 3))): string | undefined {
    let best: string | undefined;
    let bestDistance = maxDistance + 1;
    for (const candidate of known) {
        // A name more than maxDistance longer or shorter cannot be that close; skip the table.
        if (Math.abs(candidate.length - name.length) > maxDistance) continue;
        const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    return best;
}

/** ` (did you mean 'x'?)` for the closest known name, or `` when none is close. */
export function didYouMean(name: string, known: Iterable<string>): string {
    const close = closestName(name, known);
    return close === undefined ? "" : ` (did you mean '${close}'?)`;
}
