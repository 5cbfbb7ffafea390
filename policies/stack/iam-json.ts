/**
 * Reading IAM policy JSON as IAM reads it: element names, condition operators and condition keys are matched
 * without regard to letter case. A document may hold two keys that differ only in case (`"Condition"` and
 * `"condition"`); which one IAM reads is not documented, so every reading is kept and the caller takes the
 * stricter verdict.
 */

/** The value as a list: itself when an array, nothing when undefined, else a list of one. */
export function asList(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The value when it is a plain JSON object, else undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Every value whose key equals `key` in any letter case, in document order (usually one, or none). */
export function fieldReadings(o: Record<string, unknown>, key: string): unknown[] {
    const wanted = key.toLowerCase();
    return Object.keys(o)
        .filter((k) => k.toLowerCase() === wanted)
        .map((k) => o[k]);
}

/** The object's entries grouped by key in lower case: each group holds the readings of one element. */
export function entriesByLowerKey(o: Record<string, unknown>): Map<string, unknown[]> {
    const groups = new Map<string, unknown[]>();
    for (const [k, v] of Object.entries(o)) {
        const key = k.toLowerCase();
        groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    return groups;
}
